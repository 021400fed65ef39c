import Foundation

/// Whole-vocabulary passes over logits, written with 8-lane SIMD (one AVX register) so that a
/// 262,144-token vocabulary costs well under a millisecond per pass. Only operations that compile
/// to straight vector code are used (compare-and-select rather than `pointwiseMax`, a magic-number
/// rounding rather than `rounded(_:)`).
package enum VocabularyKernels {
    package typealias Vector = SIMD8<Float>
    static let lanes = Vector.scalarCount

    /// The largest value.
    static func maximum(_ values: UnsafeBufferPointer<Float>) -> Float {
        guard let base = values.baseAddress, !values.isEmpty else { return -.infinity }
        let raw = UnsafeRawPointer(base)
        var best = Vector(repeating: -.infinity)
        let whole = values.count / lanes * lanes
        var index = 0
        while index < whole {
            let value = raw.loadUnaligned(fromByteOffset: index &* 4, as: Vector.self)
            best = best.replacing(with: value, where: value .> best)
            index &+= lanes
        }
        var result = best.max()
        while index < values.count {
            result = max(result, values[index])
            index += 1
        }
        return result
    }

    /// The index of the largest value (the first one on ties).
    package static func argmax(_ values: UnsafeBufferPointer<Float>) -> Int {
        let best = maximum(values)
        return values.firstIndex(of: best) ?? 0
    }

    /// Σ exp((xᵢ − shift) × scale), optionally storing each term in `terms` (same length as values).
    static func exponentialSum(
        _ values: UnsafeBufferPointer<Float>, shift: Float, scale: Float = 1, terms: UnsafeMutablePointer<Float>? = nil
    ) -> Float {
        guard let base = values.baseAddress, !values.isEmpty else { return 0 }
        let raw = UnsafeRawPointer(base)
        let shiftVector = Vector(repeating: shift)
        let scaleVector = Vector(repeating: scale)
        var sum = Vector(repeating: 0)
        let whole = values.count / lanes * lanes
        var index = 0
        if let terms {
            let output = UnsafeMutableRawPointer(terms)
            while index < whole {
                let value = raw.loadUnaligned(fromByteOffset: index &* 4, as: Vector.self)
                let term = exp((value - shiftVector) * scaleVector)
                output.storeBytes(of: term, toByteOffset: index &* 4, as: Vector.self)
                sum += term
                index &+= lanes
            }
        } else {
            while index < whole {
                let value = raw.loadUnaligned(fromByteOffset: index &* 4, as: Vector.self)
                sum += exp((value - shiftVector) * scaleVector)
                index &+= lanes
            }
        }
        var result = sum.sum()
        while index < values.count {
            let term = exp(Vector(repeating: (values[index] - shift) * scale))[0]
            terms?[index] = term
            result += term
            index += 1
        }
        return result
    }

    /// Calls `body` with each index, in order, whose value is ≥ `lower` and < `upper`. Eight values
    /// are compared at a time, so a range that few values fall in costs about one vector pass.
    static func forEachIndex(
        in values: UnsafeBufferPointer<Float>, from lower: Float, below upper: Float, body: (Int) -> Void
    ) {
        guard let base = values.baseAddress else { return }
        let raw = UnsafeRawPointer(base)
        let lowerVector = Vector(repeating: lower)
        let upperVector = Vector(repeating: upper)
        let whole = values.count / lanes * lanes
        var index = 0
        while index < whole {
            let value = raw.loadUnaligned(fromByteOffset: index &* 4, as: Vector.self)
            if any((value .>= lowerVector) .& (value .< upperVector)) {
                for lane in 0..<lanes where value[lane] >= lower && value[lane] < upper { body(index &+ lane) }
            }
            index &+= lanes
        }
        while index < values.count {
            if values[index] >= lower && values[index] < upper { body(index) }
            index += 1
        }
    }

    /// Calls `body` with each index from `start` on, in order, whose value is above `floor()`; the
    /// floor may rise as `body` runs (it is read again after each call).
    static func forEachIndex(
        in values: UnsafeBufferPointer<Float>, startingAt start: Int, above floor: () -> Float, body: (Int) -> Void
    ) {
        guard let base = values.baseAddress else { return }
        let raw = UnsafeRawPointer(base)
        var threshold = Vector(repeating: floor())
        var index = start
        while index &+ lanes <= values.count {
            let value = raw.loadUnaligned(fromByteOffset: index &* 4, as: Vector.self)
            if any(value .> threshold) {
                for lane in 0..<lanes where value[lane] > floor() { body(index &+ lane) }
                threshold = Vector(repeating: floor())
            }
            index &+= lanes
        }
        while index < values.count {
            if values[index] > floor() { body(index) }
            index += 1
        }
    }

    /// log Σ exp(xᵢ), computed stably.
    package static func logSumExp(_ values: UnsafeBufferPointer<Float>) -> Float {
        let top = maximum(values)
        guard top.isFinite else { return top }
        return top + Foundation.log(exponentialSum(values, shift: top))
    }

    /// eˣ for each lane (Cephes' single-precision polynomial, about 1 ulp) for x in [−87, 88];
    /// lanes below −87, −∞ included, give exactly 0.
    @inline(__always)
    package static func exp(_ input: Vector) -> Vector {
        let underflow = input .< Vector(repeating: -87)
        var x = input.replacing(with: -87, where: underflow)
        x = x.replacing(with: 88, where: x .> Vector(repeating: 88))
        // n = round(x / ln 2): adding 1.5 × 2²³ leaves the rounded integer in the low mantissa bits.
        let magic = Vector(repeating: 12_582_912)
        let shifted = x * 1.442_695_04 + magic
        let n = shifted - magic
        x = x - n * 0.693_359_375
        x = x - n * -2.121_944_4e-4
        let z = x * x
        var y = Vector(repeating: 1.987_569_15e-4)
        y = y * x + 1.398_199_95e-3
        y = y * x + 8.333_451_9e-3
        y = y * x + 4.166_579_59e-2
        y = y * x + 1.666_666_55e-1
        y = y * x + 5.000_000_12e-1
        y = y * z + x + 1
        let bits = (unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000 &+ 127) &<< 23
        let result = y * unsafeBitCast(bits, to: Vector.self)
        return result.replacing(with: 0, where: underflow)
    }
}
