using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using Orchestrator.Telegram.Requests;
using Orchestrator.Telegram.Types.Enums;

namespace Orchestrator.Telegram.Serialization;

/// <summary>
/// The serializer options the client uses: <see cref="TelegramJsonContext"/> plus two contract tweaks that keep the
/// shared request types free of JSON attributes: <c>MethodName</c> is never written, and <c>parse_mode</c> is omitted
/// when it is <see cref="ParseMode.None"/>.
/// </summary>
public static class TelegramJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Metadata for <typeparamref name="T"/>; throws <see cref="NotSupportedException"/> for unregistered types.</summary>
    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(TelegramJsonContext.Default.Options)
        {
            TypeInfoResolver = TelegramJsonContext.Default.WithAddedModifier(Modify),
        };
        options.MakeReadOnly();
        return options;
    }

    private static void Modify(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        for (var i = typeInfo.Properties.Count - 1; i >= 0; i--)
        {
            var property = typeInfo.Properties[i];
            if (property.Name == "method_name" && typeInfo.Type.GetInterfaces().Any(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IRequest<>)))
            {
                typeInfo.Properties.RemoveAt(i);
            }
            else if (property.PropertyType == typeof(ParseMode))
            {
                property.ShouldSerialize = static (_, value) => value is ParseMode mode && mode != ParseMode.None;
            }
        }
    }
}
