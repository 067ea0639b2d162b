import Foundation
import Hummingbird
import Results

/// `GET /events`: server-sent events, one `event: trial` per row of `trials.csv`: the rows read so far, then
/// each new one as `satune run` appends it (`?since=N`, or the `Last-Event-ID` header of a reconnecting
/// browser, starts at index N: the page passes the number of rows it has).
struct EventRoutes {
    let feed: TrialFeed

    func add(to router: Router<BasicRequestContext>) {
        let feed = feed
        router.get("/events") { request, _ in
            let lastSeen = request.headers.first { $0.name.canonicalName == "last-event-id" }.flatMap { Int($0.value) }
                .map { $0 + 1 }
            let since = request.uri.queryParameters.get("since").flatMap { Int($0) }
            let stream = await feed.subscribe(from: lastSeen ?? since ?? 0)
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                body: .init { writer in
                    try await writer.write(ByteBuffer(string: ": satune dashboard: one event per new trial\n\n"))
                    for await batch in stream {
                        var text = batch.isEmpty ? ": still here\n\n" : ""
                        for trial in batch {
                            let data = try JSON.encode(TrialPayload(trial.record, index: trial.index, detail: true))
                            text += "id: \(trial.index)\nevent: trial\ndata: \(data)\n\n"
                        }
                        try await writer.write(ByteBuffer(string: text))
                    }
                    try await writer.finish(nil)
                })
        }
    }
}
