namespace Orchestrator.Telegram.Types;

/// <summary>A file to send (as Telegram.Bot's <c>InputFile</c>); this client uploads streams (<see cref="InputFileStream"/>).</summary>
public abstract class InputFile
{
    /// <summary>A file uploaded from <paramref name="stream"/> under <paramref name="fileName"/>.</summary>
    public static InputFileStream FromStream(Stream stream, string? fileName = null) => new(stream, fileName);
}

/// <summary>A file uploaded with multipart/form-data. The client reads <see cref="Content"/> once, from its current position.</summary>
public sealed class InputFileStream(Stream content, string? fileName = null) : InputFile
{
    public Stream Content { get; } = content ?? throw new ArgumentNullException(nameof(content));

    public string? FileName { get; set; } = fileName;
}
