namespace EksIr.Core;

/// <summary>
/// An error that is the analyst's to act on — a bad option, evidence missing or damaged (named by file and offset), a
/// service refusing — shown as one line, never a stack trace. Every such exception of the project carries this one
/// base type, whatever it derives from (evidence errors stay <see cref="IOException"/>s for the readers that catch
/// those); anything else that escapes a verb is a bug.
/// </summary>
public interface IAnalystError;
