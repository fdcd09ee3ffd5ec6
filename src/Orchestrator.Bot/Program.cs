using Orchestrator.Bot.Hosting;

return await BotApplication.RunAsync(args);
