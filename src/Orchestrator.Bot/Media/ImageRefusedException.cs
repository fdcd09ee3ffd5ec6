namespace Orchestrator.Bot.Media;

/// <summary>An image the bot will not hand to an agent; <see cref="Exception.Message"/> is the text for the user.</summary>
public sealed class ImageRefusedException(string message) : Exception(message);
