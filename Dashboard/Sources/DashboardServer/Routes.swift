import Foundation
import Hummingbird
import Results

extension Dashboard {
    /// The endpoints, one group per concern:
    ///
    /// - the page (`GET /`, `PageRoutes`);
    /// - the campaign as JSON (`GET /api/summary`, `/api/trials`, `/api/knobs`, `CampaignRoutes`);
    /// - the trials as they come (`GET /events`, server-sent events, `EventRoutes`);
    /// - configurations tried by hand (`POST /api/trials`, `ManualTrialRoutes`).
    ///
    /// A refusal is thrown as Hummingbird's `HTTPError` (`{"error": {"message": ...}}`), or as `FieldErrors`
    /// (`{"errors": {field: message}}`) where the page shows a message beside each field. Nothing else is
    /// served: no file of the folder or elsewhere is read by path.
    func routes() -> Router<BasicRequestContext> {
        let router = Router()
        PageRoutes.add(to: router)
        CampaignRoutes(feed: feed, manual: manual).add(to: router)
        EventRoutes(feed: feed).add(to: router)
        ManualTrialRoutes(feed: feed, manual: manual).add(to: router)
        return router
    }

    /// A JSON response.
    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: try JSON.encode(value))))
    }
}

/// A refusal with a message per field (`{"errors": {field: message}}`), which the page shows beside each
/// field of its form.
struct FieldErrors: HTTPResponseError {
    let status: HTTPResponse.Status
    let errors: [String: String]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        try Dashboard.json(["errors": errors], status: status)
    }
}

/// `GET /`: the page.
enum PageRoutes {
    static func add(to router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: Page.html)))
        }
    }
}
