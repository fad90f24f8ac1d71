import Logging

extension LogEvent {
    /// The entry's metadata over the handler's own (the entry's wins), with the error it
    /// carries as `error` unless the metadata names one already: what both of rungd's
    /// handlers write.
    func metadata(over handlerMetadata: Logger.Metadata) -> Logger.Metadata {
        var merged = handlerMetadata.merging(metadata ?? [:]) { $1 }
        if let error, merged["error"] == nil { merged["error"] = "\(error)" }
        return merged
    }
}
