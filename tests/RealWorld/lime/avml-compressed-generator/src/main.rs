// Rewrites a LiME (version 1) dump as AVML's compressed variant, in the shape microsoft/avml writes it
// (src/image.rs, Header::encode and Image::copy_if_nonzero; src/io/snappy.rs, SnapCountWriter), with the same
// Snappy library AVML uses (the `snap` crate's FrameEncoder):
//   header: magic 0x4c4d5641 ("AVML"), version 2, start, inclusive end, 8 zero bytes (all little-endian);
//   then the block as one Snappy frame stream (a new FrameEncoder per block);
//   then the length of that compressed stream as a little-endian u64.
// Usage: avml-compressed-sample IN.lime OUT.lime
use std::io::{Read, Write};

struct Counter<W: Write> {
    inner: W,
    count: u64,
}

impl<W: Write> Write for Counter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.count += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let mut input = Vec::new();
    std::fs::File::open(&args[1])?.read_to_end(&mut input)?;
    let mut out = Vec::new();
    let mut at = 0;
    while at < input.len() {
        let header = &input[at..at + 32];
        assert_eq!(&header[0..8], &[0x45, 0x4d, 0x69, 0x4c, 1, 0, 0, 0], "a LiME version 1 header");
        let start = u64::from_le_bytes(header[8..16].try_into().unwrap());
        let end = u64::from_le_bytes(header[16..24].try_into().unwrap());
        let size = (end - start + 1) as usize;
        let data = &input[at + 32..at + 32 + size];
        at += 32 + size;
        if data.iter().all(|b| *b == 0) {
            continue; // AVML writes no block that is all zero
        }

        out.extend_from_slice(&0x4c4d_5641u32.to_le_bytes());
        out.extend_from_slice(&2u32.to_le_bytes());
        out.extend_from_slice(&start.to_le_bytes());
        out.extend_from_slice(&end.to_le_bytes());
        out.extend_from_slice(&[0; 8]);
        let mut encoder = snap::write::FrameEncoder::new(Counter { inner: Vec::new(), count: 0 });
        encoder.write_all(data)?;
        encoder.flush()?;
        let counter = encoder.into_inner().map_err(|e| e.into_error())?;
        out.extend_from_slice(&counter.inner);
        out.extend_from_slice(&counter.count.to_le_bytes());
    }

    std::fs::File::create(&args[2])?.write_all(&out)
}
