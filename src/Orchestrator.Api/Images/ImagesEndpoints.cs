using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orchestrator.Api.Auth;
using Orchestrator.Api.Json;
using Orchestrator.Core.Conversations;

namespace Orchestrator.Api.Images;

/// <summary>
/// <c>POST /images</c> (multipart: <c>agent_id</c> and one <c>file</c>): the size is bounded while reading and the type
/// is recognised by the bytes; <c>GET /images/{id}</c> serves an image to whoever may see its agent.
/// </summary>
public static class ImagesEndpoints
{
    public static RouteGroupBuilder MapImages(this RouteGroupBuilder api)
    {
        var images = api.MapGroup("/images").WithTags("images");
        images.MapPost("/", async (HttpContext context, IImageUploads uploads) =>
        {
            var request = context.Request;
            if (!request.HasFormContentType)
            {
                return Problems.BadRequest("Upload the image as multipart/form-data with the fields agent_id and file.");
            }

            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return TooLarge(uploads);
            }
            catch (InvalidDataException)
            {
                // The form reader's own limits (multipart body length) are passed: the file is too big.
                return TooLarge(uploads);
            }

            var agentId = form["agent_id"].ToString();
            var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
            if (agentId.Length == 0 || file is null)
            {
                return Problems.BadRequest("The form needs the fields agent_id and file.");
            }

            if (file.Length > uploads.MaxBytes)
            {
                return TooLarge(uploads);
            }

            var bytes = new byte[file.Length];
            await using (var stream = file.OpenReadStream())
            {
                await stream.ReadExactlyAsync(bytes, context.RequestAborted).ConfigureAwait(false);
            }

            var result = await uploads.SaveAsync(context.Caller(), agentId, bytes, context.RequestAborted).ConfigureAwait(false);
            return Problems.From(result, image => Results.Created($"/api/v1/images/{image.Id}", image));
        }).DisableAntiforgery();

        images.MapGet("/{id:long}", async (long id, HttpContext context, IImageUploads uploads) =>
        {
            var result = await uploads.GetAsync(context.Caller(), id, context.RequestAborted).ConfigureAwait(false);
            return Problems.From(result, image =>
            {
                context.Response.Headers.ContentSecurityPolicy = "default-src 'none'";
                return Results.File(image.Path, image.MimeType);
            });
        });
        return api;
    }

    private static IResult TooLarge(IImageUploads uploads) =>
        Problems.Of(StatusCodes.Status413PayloadTooLarge, $"The image is larger than {uploads.MaxBytes} bytes, the most an upload may have.");
}
