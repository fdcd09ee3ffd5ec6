using Microsoft.AspNetCore.Http;
using Orchestrator.Core.Conversations;

namespace Orchestrator.Api.Json;

/// <summary>problem+json answers with a <c>detail</c> a user can act on.</summary>
public static class Problems
{
    public static IResult Of(int status, string detail) =>
        Results.Problem(detail: detail, statusCode: status);

    public static IResult Unauthorized(string detail) => Of(StatusCodes.Status401Unauthorized, detail);

    public static IResult Forbidden(string detail) => Of(StatusCodes.Status403Forbidden, detail);

    public static IResult BadRequest(string detail) => Of(StatusCodes.Status400BadRequest, detail);

    /// <summary>An operation's outcome: its value through <paramref name="ok"/>, or the problem its status stands for.</summary>
    public static IResult From<T>(OperationResult<T> result, Func<T, IResult> ok) => result.Status switch
    {
        OperationStatus.Ok => ok(result.Value!),
        OperationStatus.NotFound => Of(StatusCodes.Status404NotFound, result.Message ?? "Not found."),
        OperationStatus.Forbidden => Of(StatusCodes.Status403Forbidden, result.Message ?? "Not allowed."),
        OperationStatus.Conflict => Of(StatusCodes.Status409Conflict, result.Message ?? "Not now."),
        _ => Of(StatusCodes.Status400BadRequest, result.Message ?? "Invalid request."),
    };
}
