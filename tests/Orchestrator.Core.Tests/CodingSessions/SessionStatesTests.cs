using Orchestrator.Core.CodingSessions;
using static Orchestrator.Core.CodingSessions.SessionStates;

namespace Orchestrator.Core.Tests.CodingSessions;

public sealed class SessionStatesTests
{
    public static TheoryData<string, string> Listed => new()
    {
        { Created, Running }, { Running, Completed }, { Running, Failed }, { Running, Stopped }, { Running, WaitingForUser },
        { WaitingForUser, Running }, { Stopped, Running }, { Failed, Running }, { Completed, Archived }, { Failed, Archived },
        { Stopped, Archived }, { Archived, Deleted }, { Completed, Deleted }, { Failed, Deleted }, { Stopped, Deleted },
        { WaitingForUser, Completed },
    };

    public static TheoryData<string, string> Refused => new()
    {
        { Created, Completed }, { Completed, Running }, { Archived, Running }, { Deleted, Running }, { Deleted, Archived },
        { Running, Archived }, { Running, Deleted }, { WaitingForUser, Archived }, { Archived, Completed }, { Running, Created },
    };

    [Theory]
    [MemberData(nameof(Listed))]
    public void Every_listed_transition_is_allowed(string from, string to) => Assert.True(CanMove(from, to));

    [Theory]
    [MemberData(nameof(Refused))]
    public void Transitions_not_listed_are_refused(string from, string to) => Assert.False(CanMove(from, to));

    [Fact]
    public void A_refusal_names_the_state_and_what_can_be_done()
    {
        Assert.Equal("Cannot follow up session abc123: it is completed; you can /archive or /delete it.", Refusal("abc123", Completed, "follow up"));
        Assert.Equal("Cannot resume session abc123: it is deleted; nothing more can be done with it.", Refusal("abc123", Deleted, "resume"));
        Assert.Contains("waiting for user", Refusal("abc123", WaitingForUser, "resume"), StringComparison.Ordinal);
    }
}
