using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SoapLens.Tests.Plots;

/// <summary>
/// Loads a local page in headless Chromium through the DevTools protocol and reports what a reader
/// would see: console errors, failed loads, uncaught exceptions, the result of a script evaluated in the
/// page, and a PNG screenshot. Chromium is started for one page and stopped (by its process id) after.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ClientWebSocket _socket = new();
    private readonly string _profile;
    private int _nextId;

    public List<string> Errors { get; } = [];

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    public static string? Executable()
    {
        foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            {
                var p = Path.Combine(dir, name);
                if (File.Exists(p)) return p;
            }
        return null;
    }

    public static async Task<HeadlessChromium> StartAsync(int width = 1200, int height = 900)
    {
        var exe = Executable() ?? throw new InvalidOperationException("chromium is not installed (Debian package 'chromium', listed in .ci/apt-packages).");
        var profile = Path.Combine(Path.GetTempPath(), "soaplens-chromium-" + Guid.NewGuid().ToString("N"));
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--remote-debugging-port=0",
                     $"--user-data-dir={profile}", $"--window-size={width},{height}", "about:blank" })
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        var chrome = new HeadlessChromium(process, profile);
        try
        {
            var ws = await chrome.BrowserEndpointAsync();
            var port = new Uri(ws).Port;
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
            var targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list"))!.AsArray();
            var page = targets.First(t => (string?)t!["type"] == "page")!;
            await chrome._socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), Timeout(20));
            await chrome.SendAsync("Runtime.enable");
            await chrome.SendAsync("Log.enable");
            await chrome.SendAsync("Page.enable");
            return chrome;
        }
        catch
        {
            await chrome.DisposeAsync();
            throw;
        }
    }

    private async Task<string> BrowserEndpointAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var line = await _process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (line is null) break;
            const string marker = "DevTools listening on ";
            int i = line.IndexOf(marker, StringComparison.Ordinal);
            if (i >= 0)
            {
                // Keep draining stderr so Chromium never blocks on a full pipe.
                _ = Task.Run(async () => { try { while (await _process.StandardError.ReadLineAsync() is not null) { } } catch { } });
                return line[(i + marker.Length)..].Trim();
            }
        }
        throw new InvalidOperationException("chromium did not open its DevTools endpoint.");
    }

    private static CancellationToken Timeout(int seconds) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    /// <summary>Sends a command and waits for its answer; events met on the way are recorded.</summary>
    public async Task<JsonNode?> SendAsync(string method, JsonObject? parameters = null, int timeoutSeconds = 30)
    {
        int id = ++_nextId;
        var msg = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(msg.ToJsonString()), WebSocketMessageType.Text, true, Timeout(timeoutSeconds));
        while (true)
        {
            var m = await ReceiveAsync(timeoutSeconds);
            if ((int?)m["id"] == id)
            {
                if (m["error"] is { } e) throw new InvalidOperationException($"{method}: {e.ToJsonString()}");
                return m["result"];
            }
        }
    }

    /// <summary>Waits for an event, recording the others.</summary>
    public async Task WaitForEventAsync(string method, int timeoutSeconds = 30)
    {
        while ((string?)(await ReceiveAsync(timeoutSeconds))["method"] != method) { }
    }

    private async Task<JsonNode> ReceiveAsync(int timeoutSeconds)
    {
        var buffer = new byte[1 << 16];
        using var ms = new MemoryStream();
        var token = Timeout(timeoutSeconds);
        WebSocketReceiveResult r;
        do
        {
            r = await _socket.ReceiveAsync(buffer, token);
            ms.Write(buffer, 0, r.Count);
        } while (!r.EndOfMessage);
        var node = JsonNode.Parse(ms.ToArray())!;
        Record(node);
        return node;
    }

    private void Record(JsonNode m)
    {
        var p = m["params"];
        string? Text(JsonNode? n) => n?.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : null;
        switch (Text(m["method"]))
        {
            case "Runtime.exceptionThrown":
                Errors.Add("exception: " + p?["exceptionDetails"]?.ToJsonString());
                break;
            case "Runtime.consoleAPICalled" when Text(p?["type"]) is "error" or "assert":
                Errors.Add("console: " + p?["args"]?.ToJsonString());
                break;
            case "Log.entryAdded" when Text(p?["entry"]?["level"]) == "error":
                Errors.Add("log: " + Text(p?["entry"]?["text"]) + " " + Text(p?["entry"]?["url"]));
                break;
        }
    }

    public async Task NavigateAsync(string file)
    {
        await SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(Path.GetFullPath(file)).AbsoluteUri });
        await WaitForEventAsync("Page.loadEventFired");
    }

    /// <summary>Evaluates an expression in the page and returns its JSON value.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var r = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (r?["exceptionDetails"] is { } e) throw new InvalidOperationException("evaluation failed: " + e.ToJsonString());
        return r?["result"]?["value"];
    }

    public async Task ScreenshotAsync(string pngPath)
    {
        var r = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true }, 60);
        await File.WriteAllBytesAsync(pngPath, Convert.FromBase64String((string)r!["data"]!));
    }

    public async ValueTask DisposeAsync()
    {
        try { if (_socket.State == WebSocketState.Open) await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", Timeout(5)); } catch { }
        _socket.Dispose();
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); } catch { }
        try { await _process.WaitForExitAsync(Timeout(10)); } catch { }
        _process.Dispose();
        try { Directory.Delete(_profile, true); } catch { }
    }
}
