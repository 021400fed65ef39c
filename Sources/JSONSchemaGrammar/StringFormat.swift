/// The `format` values the grammar enforces, each as an anchored regular expression in the
/// subset ``RegexParser`` reads, matching a subset of the format that every validator accepts:
///
/// - `date`: RFC 3339 full-date, `YYYY-MM-DD`, with the real number of days in each month and
///   29 February only in leap years;
/// - `time`: RFC 3339 full-time, `HH:MM:SS`, optional fraction of 1 to 9 digits, then `Z` or an
///   offset `+HH:MM`/`-HH:MM` (no leap second, upper-case `Z` only);
/// - `date-time`: a date, `T`, a time;
/// - `uuid`: 8-4-4-4-12 hexadecimal digits;
/// - `email`: a dot-atom local part of letters, digits, `_`, `+` and `-` (at most two atoms of 30
///   characters), `@`, then one to three domain labels of at most 63 letters, digits and inner
///   hyphens, and a top-level domain of 2 to 24 letters.
enum StringFormat {
    /// The pattern for a supported format; `nil` for any other format.
    static func pattern(for format: String) -> String? {
        switch format {
        case "date": return "^\(date)$"
        case "time": return "^\(time)$"
        case "date-time": return "^\(date)T\(time)$"
        case "uuid": return "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
        case "email": return "^\(email)$"
        default: return nil
        }
    }

    /// Formats with a grammar, for messages.
    static let supported = ["date", "time", "date-time", "uuid", "email"]

    private static let day28 = "(?:0[1-9]|1[0-9]|2[0-8])"
    private static let day30 = "(?:0[1-9]|[12][0-9]|30)"
    private static let day31 = "(?:0[1-9]|[12][0-9]|3[01])"
    private static let ordinaryDate =
        "[0-9]{4}-(?:(?:0[13578]|1[02])-\(day31)|(?:0[469]|11)-\(day30)|02-\(day28))"
    /// Years divisible by 4 but not by 100, or divisible by 400.
    private static let leapYear = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
    private static let date = "(?:\(ordinaryDate)|\(leapYear)-02-29)"
    private static let hour = "(?:[01][0-9]|2[0-3])"
    private static let time = "\(hour):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:Z|[+-]\(hour):[0-5][0-9])"
    private static let atom = "[A-Za-z0-9_+-]{1,30}"
    private static let label = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    private static let email = "\(atom)(?:\\.\(atom))?@\(label)(?:\\.\(label)){0,2}\\.[A-Za-z]{2,24}"
}
