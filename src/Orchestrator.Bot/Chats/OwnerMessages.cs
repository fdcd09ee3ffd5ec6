using Orchestrator.Bot.Inbox;

namespace Orchestrator.Bot.Chats;

/// <summary>What a <see cref="ChatOwner"/>'s mailbox carries. Plain records: nothing in them is shared with another owner.</summary>
public abstract record OwnerMessage;

/// <summary>An update of the owner's chat (or topic), from the inbox. Urgent ones (/stop, button presses) go first.</summary>
public sealed record UpdateArrived(InboxItem Item, bool Urgent) : OwnerMessage;

/// <summary>An album's quiet time may be over: the owner checks and, if so, hands its parts on as one input.</summary>
public sealed record AlbumQuietElapsed(string MediaGroupId) : OwnerMessage;

/// <summary>A "Busy" refusal went out (or nobody was told, e.g. a stranger): the next overflow may be told.</summary>
public sealed record BusyRefusalFinished(bool Told) : OwnerMessage;

/// <summary>
/// A change of the chat's state from outside the owner (an API prompt, an agent switch from a button or the API): run
/// on the owner's ordinary lane, in order with the chat's messages (<see cref="ChatLanes"/>). <see cref="Run"/> reports
/// its own outcome to the caller; <see cref="Abandon"/> tells the caller it will not run.
/// </summary>
public sealed record ChangeArrived(Func<CancellationToken, Task> Run, Action Abandon, CancellationToken Cancellation) : OwnerMessage;

/// <summary>The bot is stopping: start nothing new, finish (or give up) the running job, then end.</summary>
public sealed record Drain : OwnerMessage;
