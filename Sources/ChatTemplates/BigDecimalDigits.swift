/// An unsigned decimal integer of any size, as little-endian base-10^9 limbs; just enough
/// arithmetic to print doubles exactly.
struct BigDecimalDigits {
    var limbs: [UInt64]

    init(_ value: UInt64) {
        limbs = []
        var remaining = value
        repeat {
            limbs.append(remaining % 1_000_000_000)
            remaining /= 1_000_000_000
        } while remaining > 0
    }

    mutating func multiply(by factor: UInt64) {
        var carry: UInt64 = 0
        for index in limbs.indices {
            let product = limbs[index] * factor + carry
            limbs[index] = product % 1_000_000_000
            carry = product / 1_000_000_000
        }
        while carry > 0 {
            limbs.append(carry % 1_000_000_000)
            carry /= 1_000_000_000
        }
    }

    var text: String {
        var result = String(limbs.last ?? 0)
        for limb in limbs.dropLast().reversed() {
            let part = String(limb)
            result += String(repeating: "0", count: 9 - part.count) + part
        }
        return result
    }
}
