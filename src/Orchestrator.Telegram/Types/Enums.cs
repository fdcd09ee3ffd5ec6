namespace Orchestrator.Telegram.Types.Enums;

public enum ChatType
{
    Private,
    Group,
    Supergroup,
    Channel,
    Sender,
}

public enum ParseMode
{
    None,
    Html,
    MarkdownV2,
    Markdown,
}

public enum ChatAction
{
    Typing,
    UploadPhoto,
    UploadDocument,
}

public enum UpdateType
{
    Unknown,
    Message,
    EditedMessage,
    CallbackQuery,
    MyChatMember,
}

public enum ChatMemberStatus
{
    Creator,
    Administrator,
    Member,
    Restricted,
    Left,
    Kicked,
}
