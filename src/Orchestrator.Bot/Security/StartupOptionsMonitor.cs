using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Security;

/// <summary>
/// An options monitor whose value is built once (at start, when the options are validated) and never changes:
/// for settings that must not follow a configuration file edited while the bot runs, such as who may use it.
/// </summary>
internal sealed class StartupOptionsMonitor<TOptions>(IOptionsFactory<TOptions> factory) : IOptionsMonitor<TOptions>
    where TOptions : class
{
    private readonly ConcurrentDictionary<string, Lazy<TOptions>> _values = new(StringComparer.Ordinal);

    public TOptions CurrentValue => Get(Options.DefaultName);

    public TOptions Get(string? name) =>
        _values.GetOrAdd(name ?? Options.DefaultName, n => new Lazy<TOptions>(() => factory.Create(n))).Value;

    /// <summary>Never called: the value does not change.</summary>
    public IDisposable? OnChange(Action<TOptions, string?> listener) => null;
}
