/// The version of Rung, one number for the daemon and the CLI: they are released together
/// and speak the same control protocol and store schema, so a person comparing
/// `rungd --version` with `rungctl --version` sees at once whether they belong together.
public enum RungVersion {
    public static let current = "0.17.0"
}
