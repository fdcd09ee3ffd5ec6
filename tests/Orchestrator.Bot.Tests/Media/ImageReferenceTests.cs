using Orchestrator.Bot.Media;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Tests.Media;

public sealed class ImageReferenceTests
{
    [Fact]
    public void A_photo_means_its_largest_size()
    {
        var message = new Message
        {
            Id = 7,
            Photo =
            [
                new PhotoSize { FileId = "small", Width = 90, Height = 60, FileSize = 1_000 },
                new PhotoSize { FileId = "large", Width = 1280, Height = 853, FileSize = 90_000 },
                new PhotoSize { FileId = "medium", Width = 320, Height = 213, FileSize = 9_000 },
            ],
        };

        var image = Assert.Single(ImageReference.AllOf(message));

        Assert.Equal(new ImageReference("large", 7, 90_000, null, null, false), image);
    }

    [Fact]
    public void A_reply_brings_the_replied_image_after_the_messages_own()
    {
        var replied = new Message { Id = 3, Document = new Document { FileId = "doc", FileName = "plan.png", MimeType = "image/png", FileSize = 5 } };
        var withPhoto = new Message { Id = 8, Photo = [new PhotoSize { FileId = "own", Width = 1, Height = 1 }], ReplyToMessage = replied };
        var textOnly = new Message { Id = 9, Text = "and this?", ReplyToMessage = replied };
        var sameFile = new Message { Id = 10, Document = replied.Document, ReplyToMessage = replied };

        Assert.Equal(["own", "doc"], ImageReference.AllOf(withPhoto).Select(i => i.FileId));
        var fromReply = Assert.Single(ImageReference.AllOf(textOnly));
        Assert.True(fromReply.FromReply);
        Assert.Equal(9, fromReply.MessageId); // refusals answer the user's message, not the old one
        Assert.Single(ImageReference.AllOf(sameFile));
        Assert.Empty(ImageReference.AllOf(new Message { Id = 1, Text = "hi", ReplyToMessage = new Message { Id = 2, Text = "old" } }));
    }
}
