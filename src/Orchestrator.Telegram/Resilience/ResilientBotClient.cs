using Polly;

using Telegram.Bot;
using Telegram.Bot.Requests;
using Telegram.Bot.Requests.Abstractions;

namespace Orchestrator.Telegram.Resilience;

/// <summary>
/// Retries the bot's one-off calls through <see cref="TelegramResilience"/>: getMe, setMyCommands,
/// getChatAdministrators and getFile. Every other call goes through once (a file download too: it writes into the
/// caller's stream as it goes): messages, edits, chat actions
/// and callback answers are paced and retried by the outbox (a retry down here would skip the chat's pacing, the global
/// budget and edit coalescing), and getUpdates by the polling loop. The client under this one must not retry either
/// (Telegram.Bot's <c>RetryThreshold</c>/<c>RetryCount</c> set to 0).
/// </summary>
public sealed class ResilientBotClient : BotClientDecorator
{
    private readonly ResiliencePipeline pipeline;

    public ResilientBotClient(ITelegramBotClient inner, TelegramRetryOptions options)
        : base(inner) => pipeline = TelegramResilience.CreatePipeline(options);

    /// <summary>True for the calls this client retries.</summary>
    public static bool IsOneOff(IRequest request) =>
        request is GetMeRequest or SetMyCommandsRequest or GetChatAdministratorsRequest or GetFileRequest;

    /// <summary>Every call but the one-off ones is the inner client's own task: no asynchronous layer of its own.</summary>
    public override Task<TResponse> SendRequest<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return IsOneOff(request) ? SendWithRetriesAsync(request, cancellationToken) : Inner.SendRequest(request, cancellationToken);
    }

    private async Task<TResponse> SendWithRetriesAsync<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken) =>
        await pipeline.ExecuteAsync(
            static async (state, ct) => await state.Inner.SendRequest(state.request, ct).ConfigureAwait(false),
            (Inner, request),
            cancellationToken).ConfigureAwait(false);
}
