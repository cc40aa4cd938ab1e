using WebDemo;

// The whole app is in DemoApp, so the browser tests can start it in-process on a free port.
var app = await DemoApp.BuildAsync(args);
await app.RunAsync();
