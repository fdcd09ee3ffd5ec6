using Orchestrator.Telegram.Types;

namespace Orchestrator.Telegram.Requests;

/// <summary>A request that uploads files: sent as multipart/form-data, its other parameters as form fields.</summary>
internal interface IFileRequest
{
    /// <summary>The form field of each file to upload (e.g. <c>document</c>).</summary>
    IEnumerable<(string Field, InputFileStream File)> Files { get; }
}
