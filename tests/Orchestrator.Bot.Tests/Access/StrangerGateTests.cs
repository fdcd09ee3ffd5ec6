using Microsoft.Extensions.Options;
using Orchestrator.Bot.Access;
using Orchestrator.Bot.Tests.Harness;

namespace Orchestrator.Bot.Tests.Access;

public sealed class StrangerGateTests
{
    [Fact]
    public void A_stranger_is_refused_at_most_once_a_minute_each()
    {
        var time = new ManualTimeProvider(DateTimeOffset.Parse("2026-11-22T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var gate = new StrangerGate(new StaticOptions(new AccessOptions()), time);

        Assert.True(gate.ShouldRefuse(42));
        Assert.False(gate.ShouldRefuse(42));
        Assert.True(gate.ShouldRefuse(43)); // another stranger has their own budget
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(gate.ShouldRefuse(42));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(gate.ShouldRefuse(42));
        Assert.False(gate.ShouldRefuse(42));
    }

    [Fact]
    public void In_groups_a_stranger_is_refused_at_most_once_an_hour_counted_apart_from_private_chats()
    {
        var time = new ManualTimeProvider(DateTimeOffset.Parse("2026-11-22T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var gate = new StrangerGate(new StaticOptions(new AccessOptions()), time);

        Assert.True(gate.ShouldRefuseInGroup(42));
        Assert.True(gate.ShouldRefuse(42)); // the private chat has its own budget
        time.Advance(TimeSpan.FromMinutes(59));
        Assert.False(gate.ShouldRefuseInGroup(42));
        Assert.True(gate.ShouldRefuse(42));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(gate.ShouldRefuseInGroup(42));
    }

    [Fact]
    public void Admins_are_allowed_too_and_everyone_else_is_a_stranger()
    {
        var policy = new AccessPolicy(new StaticOptions(new AccessOptions { AllowedUserIds = [1], AdminUserIds = [2] }));

        Assert.Equal(UserRole.Allowed, policy.RoleOf(1, 1));
        Assert.Equal(UserRole.Admin, policy.RoleOf(2, 2));
        Assert.True(policy.IsAllowed(2, 2));
        Assert.Equal(UserRole.Stranger, policy.RoleOf(3, 3));
    }

    private sealed class StaticOptions(AccessOptions value) : IOptionsMonitor<AccessOptions>
    {
        public AccessOptions CurrentValue => value;

        public AccessOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<AccessOptions, string?> listener) => null;
    }
}
