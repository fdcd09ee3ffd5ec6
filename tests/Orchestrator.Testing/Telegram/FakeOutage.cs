namespace Orchestrator.Testing.Telegram;

/// <summary>Simulated server trouble for <see cref="FakeBotApiServer.SetOutage"/>.</summary>
public enum FakeOutage
{
    /// <summary>Normal service.</summary>
    None,

    /// <summary>Every request gets a 502 with an nginx HTML page (not Bot API JSON).</summary>
    BadGateway,

    /// <summary>Every request is held without an answer until the outage ends (or the client gives up).</summary>
    Hang,
}
