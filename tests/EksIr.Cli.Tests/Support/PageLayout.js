// Appended to a copy of a page by PageLayout: once the page is laid out, measures every visible table against the
// window and the boxes that clip it, and writes what it found as JSON into a pre element with the id eksir-layout-check.
(function () {
  function box(el) { var r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 ? r : null; }
  function text(el) { return (el.innerText || el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60); }
  function cut(cell) { return cell.scrollWidth > cell.clientWidth + 1; }
  function clipped(cell) { return getComputedStyle(cell).overflowX !== 'visible' && cut(cell); }
  // Where a cell is out of sight: past the edge of a box that scrolls or hides its overflow, or past the window's edge.
  function lost(cell, width) {
    var r = box(cell);
    if (!r) return null;
    for (var a = cell.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      if (getComputedStyle(a).overflowX === 'visible') continue;
      var b = a.getBoundingClientRect(), left = b.left + a.clientLeft, right = left + a.clientWidth;
      if (r.right > right + 0.5 || r.left < left - 0.5)
        return 'hidden by the scrolling box <' + a.tagName.toLowerCase() + (a.className ? ' class="' + a.className + '"' : '') + '> (its right edge at ' + Math.round(r.right) + ' px, the box ends at ' + Math.round(right) + ')';
    }
    if (r.left < -0.5 || r.right > width + 0.5) return 'outside the window (its right edge at ' + Math.round(r.right) + ' px of ' + width + ')';
    return null;
  }
  // A word of the cell laid out on more than one line: broken inside the word.
  function brokenWord(cell) {
    var walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT), node;
    while ((node = walker.nextNode())) {
      var words = /\S+/g, m;
      while ((m = words.exec(node.data))) {
        var range = document.createRange(), lines = {};
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        Array.prototype.forEach.call(range.getClientRects(), function (r) { if (r.width > 0) lines[Math.round(r.top)] = 1; });
        if (Object.keys(lines).length > 1) return m[0];
      }
    }
    return null;
  }
  function check() {
    var width = document.documentElement.clientWidth, problems = [], tables = 0;
    var all = document.querySelectorAll('table');
    for (var t = 0; t < all.length; t++) {
      var table = all[t], rows = [];
      if (!box(table)) continue;
      for (var i = 0; i < table.rows.length; i++) if (box(table.rows[i])) rows.push(table.rows[i]);
      if (rows.length === 0) continue;
      tables++;
      var header = rows[0], name = 'table ' + (t + 1) + ' (' + text(header) + ')';
      for (var c = 0; c < header.cells.length; c++) {
        var broken = brokenWord(header.cells[c]);
        var why = lost(header.cells[c], width) || (clipped(header.cells[c]) ? 'cut short' : null) || (broken ? 'broken inside the word "' + broken + '"' : null);
        if (why) problems.push(name + ': column ' + (c + 1) + ' "' + text(header.cells[c]) + '" ' + why);
      }
      // One-line tables cut long cells by design; the time (first) and the row id (last) are never cut.
      var oneline = table.classList.contains('eksir-oneline'), cutRows = [];
      for (var r = 1; r < rows.length; r++) {
        var cells = rows[r].cells;
        for (var k = 0; k < cells.length; k++) {
          var kept = k === 0 || k === cells.length - 1;
          if (oneline && !kept) continue;
          var whyCell = (oneline ? cut(cells[k]) : clipped(cells[k])) ? 'does not fit its column' : lost(cells[k], width);
          if (whyCell) cutRows.push('row ' + r + ' column ' + (k + 1) + ' "' + text(cells[k]) + '" ' + whyCell);
        }
      }
      if (cutRows.length > 0) problems.push(name + ': ' + cutRows.length + ' cells out of sight, first ' + cutRows[0]);
    }
    var cells = [], labels = [];
    document.querySelectorAll('td, th').forEach(function (e) { cells.push(e.innerText); });
    document.querySelectorAll('svg text').forEach(function (e) { labels.push(e.textContent); });
    var pre = document.createElement('pre');
    pre.id = 'eksir-layout-check';
    pre.hidden = true; // read from the DOM, not drawn in the screenshot
    pre.textContent = JSON.stringify({ width: width, tables: tables, problems: problems, cells: cells, chartLabels: labels });
    document.body.appendChild(pre);
  }
  if (document.readyState === 'complete') check(); else window.addEventListener('load', check);
})();
