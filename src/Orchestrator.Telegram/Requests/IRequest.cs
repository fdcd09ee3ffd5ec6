namespace Orchestrator.Telegram.Requests;

/// <summary>One Bot API method call. The request object is serialized as the JSON body.</summary>
public interface IRequest<TResponse>
{
    /// <summary>The Bot API method name, e.g. <c>sendMessage</c>.</summary>
    string MethodName { get; }
}
