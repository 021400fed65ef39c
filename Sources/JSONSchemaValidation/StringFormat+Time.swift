extension StringFormat {
    /// RFC 3339 `full-date`: YYYY-MM-DD with a day that exists in that month.
    static func isDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = number(bytes, 0..<4), let month = number(bytes, 5..<7), let day = number(bytes, 8..<10)
        else { return false }
        guard (1...12).contains(month), day >= 1 else { return false }
        return day <= daysIn(month: month, year: year)
    }

    /// RFC 3339 `full-time`: HH:MM:SS, an optional fraction, then `Z` or an offset `±HH:MM`. A leap
    /// second (:60) is allowed only where the time is 23:59 in UTC.
    static func isTime(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 9, bytes[2] == UInt8(ascii: ":"), bytes[5] == UInt8(ascii: ":"),
            let hour = number(bytes, 0..<2), let minute = number(bytes, 3..<5), let second = number(bytes, 6..<8)
        else { return false }
        guard hour <= 23, minute <= 59, second <= 60 else { return false }
        var index = 8
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard index > start else { return false }
        }
        guard index < bytes.count else { return false }
        var offsetMinutes = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == bytes.count else { return false }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard bytes.count == index + 6, bytes[index + 3] == UInt8(ascii: ":"),
                let offsetHour = number(bytes, (index + 1)..<(index + 3)),
                let offsetMinute = number(bytes, (index + 4)..<(index + 6)),
                offsetHour <= 23, offsetMinute <= 59
            else { return false }
            offsetMinutes = (offsetHour * 60 + offsetMinute) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        default:
            return false
        }
        if second == 60 {
            let utc = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }

    /// RFC 3339 `date-time`: a full-date, `T` (either case), a full-time.
    static func isDateTime(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count > 11, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") else { return false }
        return isDate(String(decoding: bytes[..<10], as: UTF8.self))
            && isTime(String(decoding: bytes[11...], as: UTF8.self))
    }

    /// An ISO 8601 duration as RFC 3339 appendix A spells it: `P1Y2M3DT4H5M6S` with the units in
    /// order and none skipped between two that are given, or weeks alone (`P3W`).
    static func isDuration(_ text: String) -> Bool {
        var rest = Substring(text)
        guard rest.first == "P" else { return false }
        rest = rest.dropFirst()
        if rest.last == "W" {
            let digits = rest.dropLast()
            return !digits.isEmpty && digits.utf8.allSatisfy(isDigit)
        }
        let datePart: Substring
        let timePart: Substring?
        if let t = rest.firstIndex(of: "T") {
            datePart = rest[..<t]
            timePart = rest[rest.index(after: t)...]
        } else {
            datePart = rest
            timePart = nil
        }
        guard let dateUnits = units(datePart) else { return false }
        var timeUnits: [Character] = []
        if let timePart {
            guard !timePart.isEmpty, let parsed = units(timePart) else { return false }
            timeUnits = parsed
        }
        if dateUnits.isEmpty && timeUnits.isEmpty { return false }
        return contiguous(dateUnits, in: ["Y", "M", "D"]) && contiguous(timeUnits, in: ["H", "M", "S"])
    }

    /// `1Y2M` → ["Y", "M"]; `nil` when a unit has no digits or something else appears.
    private static func units(_ text: Substring) -> [Character]? {
        var result: [Character] = []
        var digits = 0
        for character in text {
            if character.isASCII, character.isNumber {
                digits += 1
            } else {
                guard digits > 0 else { return nil }
                result.append(character)
                digits = 0
            }
        }
        return digits == 0 ? result : nil
    }

    /// Whether `units` is a run of consecutive entries of `order`, in that order.
    private static func contiguous(_ units: [Character], in order: [Character]) -> Bool {
        guard let first = units.first else { return true }
        guard let start = order.firstIndex(of: first), start + units.count <= order.count else { return false }
        return Array(order[start..<(start + units.count)]) == units
    }

    /// The decimal number spelled by ASCII digits `bytes[range]`, or `nil` if any is not a digit.
    private static func number(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
        var value = 0
        for index in range {
            guard isDigit(bytes[index]) else { return nil }
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
        }
        return value
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
