using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Media;
using Orchestrator.Telegram;
using Orchestrator.Testing.Telegram;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests;
using Telegram.Bot.Requests.Abstractions;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Tests.Media;

/// <summary>
/// The size checks that the fake Bot API cannot exercise (it always reports the true size): a file whose size nobody
/// declared is cut off while streaming, as soon as it passes the limit.
/// </summary>
public sealed class TelegramImageDownloaderTests
{
    private const long Limit = 64 * 1024;

    [Fact]
    public async Task A_download_of_undeclared_size_stops_as_soon_as_it_passes_the_limit()
    {
        var bot = new StreamingBot(chunk: 8 * 1024, total: 10 * 1024 * 1024, declaredSize: null);
        var downloader = Create(bot);

        var refused = await Assert.ThrowsAsync<ImageRefusedException>(
            () => downloader.DownloadAsync(new ImageReference("big", 1, null, "big.png", "image/png", false), CancellationToken.None));

        Assert.Contains("larger than the 64 KB limit", refused.Message, StringComparison.Ordinal);
        Assert.True(bot.BytesOffered <= Limit + bot.Chunk, $"the download went on to {bot.BytesOffered} bytes");
        Assert.True(bot.StoppedEarly, "the stream must be abandoned, not read to the end");
    }

    [Fact]
    public async Task Through_the_real_client_the_response_stream_is_abandoned_past_the_limit()
    {
        using var handler = new EndlessDownload(TestImages.Png(1, 2, 3)[..8]);
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var client = new TelegramBotClient(new TelegramBotClientOptions("123456:" + new string('A', 35), "http://telegram.invalid"), http);

        var refused = await Assert.ThrowsAsync<ImageRefusedException>(
            () => Create(client).DownloadAsync(new ImageReference("endless", 1, null, null, null, false), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains("larger than the 64 KB limit", refused.Message, StringComparison.Ordinal);
        Assert.True(handler.Body.BytesRead < Limit + (256 * 1024), $"read {handler.Body.BytesRead} bytes of an endless body");
        Assert.True(handler.Body.Disposed, "the response must be closed");
    }

    [Fact]
    public async Task A_file_exactly_at_the_limit_is_accepted()
    {
        var bot = new StreamingBot(chunk: 4 * 1024, total: Limit, declaredSize: Limit, firstBytes: TestImages.Png(1, 2, 3)[..8]);
        var image = await Create(bot).DownloadAsync(new ImageReference("exact", 1, Limit, null, null, false), CancellationToken.None);

        Assert.Equal(Limit, image.Bytes.LongLength);
        Assert.Equal(ImageFormat.Png, image.Format);
    }

    [Fact]
    public async Task A_size_from_getFile_over_the_limit_refuses_before_downloading()
    {
        var bot = new StreamingBot(chunk: 1024, total: Limit + 1, declaredSize: Limit + 1);

        await Assert.ThrowsAsync<ImageRefusedException>(
            () => Create(bot).DownloadAsync(new ImageReference("f", 1, null, null, null, false), CancellationToken.None));

        Assert.Equal(1, bot.GetFileCalls);
        Assert.Equal(0, bot.Downloads);
    }

    [Theory]
    [InlineData("application/pdf")]
    [InlineData("text/plain")]
    [InlineData("video/mp4")]
    public async Task A_document_claiming_a_non_image_type_is_refused_without_asking_telegram(string mime)
    {
        var bot = new StreamingBot(chunk: 1024, total: 10, declaredSize: 10);

        var refused = await Assert.ThrowsAsync<ImageRefusedException>(
            () => Create(bot).DownloadAsync(new ImageReference("f", 1, 10, "report.bin", mime, false), CancellationToken.None));

        Assert.Contains("“report.bin” is not an image", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, bot.GetFileCalls);
    }

    private static TelegramImageDownloader Create(ITelegramBotClient bot) =>
        new(bot, Options.Create(new MediaOptions { MaxImageBytes = Limit }), NullLogger<TelegramImageDownloader>.Instance);

    /// <summary>getFile without a size, then a download body that never ends.</summary>
    private sealed class EndlessDownload(byte[] start) : HttpMessageHandler
    {
        public EndlessStream Body { get; } = new(start);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK);
            response.Content = request.RequestUri!.AbsolutePath.EndsWith("/getFile", StringComparison.Ordinal)
                ? new StringContent("""{"ok":true,"result":{"file_id":"endless","file_unique_id":"u","file_path":"photos/file_9.jpg"}}""", System.Text.Encoding.UTF8, "application/json")
                : new StreamContent(Body);
            return Task.FromResult(response);
        }
    }

    private sealed class EndlessStream(byte[] start) : Stream
    {
        public long BytesRead { get; private set; }

        public bool Disposed { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var span = buffer.AsSpan(offset, count);
            span.Clear();
            if (BytesRead < start.Length)
            {
                var head = start.AsSpan((int)BytesRead, Math.Min(count, start.Length - (int)BytesRead));
                head.CopyTo(span);
            }

            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }

    /// <summary>A Bot API whose download streams <c>total</c> bytes in chunks, noting how far the reader let it go.</summary>
    private sealed class StreamingBot(int chunk, long total, long? declaredSize, byte[]? firstBytes = null) : BotClientDouble(1)
    {
        public int Chunk { get; } = chunk;

        public long BytesOffered { get; private set; }

        public bool StoppedEarly { get; private set; }

        public int GetFileCalls { get; private set; }

        public int Downloads { get; private set; }

        public override Task<TResponse> SendRequest<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
        {
            var get = Assert.IsType<GetFileRequest>(request);
            GetFileCalls++;
            object file = new TGFile { FileId = get.FileId, FileUniqueId = "u", FileSize = declaredSize, FilePath = "photos/file_1.jpg" };
            return Task.FromResult((TResponse)file);
        }

        public override async Task DownloadFile(string filePath, Stream destination, CancellationToken cancellationToken = default)
        {
            Downloads++;
            var buffer = new byte[Chunk];
            firstBytes?.CopyTo(buffer, 0);
            try
            {
                while (BytesOffered < total)
                {
                    var count = (int)Math.Min(Chunk, total - BytesOffered);
                    BytesOffered += count;
                    await destination.WriteAsync(buffer.AsMemory(0, count), cancellationToken);
                    Array.Clear(buffer);
                }
            }
            catch
            {
                StoppedEarly = BytesOffered < total;
                throw;
            }
        }
    }
}
