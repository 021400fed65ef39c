import Foundation

/// C's `strftime` in the C locale, as Python's `datetime.strftime` (on glibc) formats a naive
/// local time: English day and month names, `%z` and `%Z` empty, and glibc's padding flags
/// (`%-d` for no padding, `%_d` for spaces, `%0e` for zeros).
enum Strftime {
    private static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    private static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    static func format(_ format: String, date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second, .nanosecond, .weekday], from: date)
        let year = parts.year ?? 1970
        let month = parts.month ?? 1
        let day = parts.day ?? 1
        let hour = parts.hour ?? 0
        let minute = parts.minute ?? 0
        let second = parts.second ?? 0
        let weekday = (parts.weekday ?? 1) - 1  // 0 = Sunday
        let dayOfYear = calendar.ordinality(of: .day, in: .year, for: date) ?? 1
        let microseconds = (parts.nanosecond ?? 0) / 1000

        func number(_ value: Int, width: Int, flag: Character?, defaultPad: Character = "0") -> String {
            let digits = String(value)
            let pad: Character? = flag == "-" ? nil : flag == "_" ? " " : flag == "0" ? "0" : defaultPad
            guard let pad, digits.count < width else { return digits }
            return String(repeating: pad, count: width - digits.count) + digits
        }

        func weekOfYear(firstWeekday: Int) -> Int {
            // Weeks start on `firstWeekday` (0 = Sunday, 1 = Monday); days before the first such
            // day of the year are in week 0.
            let offset = (weekday - firstWeekday + 7) % 7
            return (dayOfYear - 1 - offset + 7) / 7
        }

        var output = ""
        var characters = Array(format)[...]
        while let character = characters.popFirst() {
            guard character == "%", !characters.isEmpty else {
                output.append(character)
                continue
            }
            var flag: Character?
            if let next = characters.first, next == "-" || next == "_" || next == "0" {
                flag = next
                characters.removeFirst()
            }
            guard let directive = characters.popFirst() else {
                output.append("%")
                break
            }
            switch directive {
            case "a": output += String(weekdays[weekday].prefix(3))
            case "A": output += weekdays[weekday]
            case "b", "h": output += String(months[month - 1].prefix(3))
            case "B": output += months[month - 1]
            case "d": output += number(day, width: 2, flag: flag)
            case "e": output += number(day, width: 2, flag: flag, defaultPad: " ")
            case "m": output += number(month, width: 2, flag: flag)
            case "y": output += number(year % 100, width: 2, flag: flag)
            case "Y": output += String(year)
            case "C": output += number(year / 100, width: 2, flag: flag)
            case "H": output += number(hour, width: 2, flag: flag)
            case "k": output += number(hour, width: 2, flag: flag, defaultPad: " ")
            case "I": output += number((hour + 11) % 12 + 1, width: 2, flag: flag)
            case "l": output += number((hour + 11) % 12 + 1, width: 2, flag: flag, defaultPad: " ")
            case "M": output += number(minute, width: 2, flag: flag)
            case "S": output += number(second, width: 2, flag: flag)
            case "f": output += number(microseconds, width: 6, flag: nil)
            case "p": output += hour < 12 ? "AM" : "PM"
            case "P": output += hour < 12 ? "am" : "pm"
            case "j": output += number(dayOfYear, width: 3, flag: flag)
            case "w": output += String(weekday)
            case "u": output += String(weekday == 0 ? 7 : weekday)
            case "U": output += number(weekOfYear(firstWeekday: 0), width: 2, flag: flag)
            case "W": output += number(weekOfYear(firstWeekday: 1), width: 2, flag: flag)
            case "D", "x":
                output +=
                    number(month, width: 2, flag: nil) + "/" + number(day, width: 2, flag: nil) + "/"
                    + number(year % 100, width: 2, flag: nil)
            case "F":
                output +=
                    String(year) + "-" + number(month, width: 2, flag: nil) + "-" + number(day, width: 2, flag: nil)
            case "T", "X":
                output +=
                    number(hour, width: 2, flag: nil) + ":" + number(minute, width: 2, flag: nil) + ":"
                    + number(second, width: 2, flag: nil)
            case "R": output += number(hour, width: 2, flag: nil) + ":" + number(minute, width: 2, flag: nil)
            case "c":
                output +=
                    String(weekdays[weekday].prefix(3)) + " " + String(months[month - 1].prefix(3)) + " "
                    + number(day, width: 2, flag: nil, defaultPad: " ") + " " + number(hour, width: 2, flag: nil) + ":"
                    + number(minute, width: 2, flag: nil) + ":" + number(second, width: 2, flag: nil) + " "
                    + String(year)
            case "z", "Z": break
            case "n": output += "\n"
            case "t": output += "\t"
            case "%": output += "%"
            default:
                output.append("%")
                if let flag { output.append(flag) }
                output.append(directive)
            }
        }
        return output
    }
}
