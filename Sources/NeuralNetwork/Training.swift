import CBLAS

/// Losses and gradient utilities for training networks.
public enum Training {
    /// Mean squared error over n values, with optional per-value weights w (importance sampling):
    /// L = (1/n) sum w_i (p_i - t_i)^2, and dL/dp_i = 2 w_i (p_i - t_i) / n written into `gradient`.
    @discardableResult
    public static func meanSquaredError(
        prediction p: UnsafePointer<Float>, target t: UnsafePointer<Float>, weights w: UnsafePointer<Float>? = nil,
        count n: Int, gradient: UnsafeMutablePointer<Float>
    ) -> Float {
        var loss: Float = 0
        let scale = 2 / Float(n)
        for i in 0..<n {
            let weight = w?[i] ?? 1
            let d = p[i] - t[i]
            loss += weight * d * d
            gradient[i] = scale * weight * d
        }
        return loss / Float(n)
    }

    /// Scales `gradients` so that their L2 norm is at most `maxNorm`; returns the norm before clipping.
    @discardableResult
    public static func clipNorm(_ gradients: FloatBuffer, maxNorm: Float) -> Float {
        let n = Int32(gradients.count)
        let norm = cblas_sdot(n, gradients.pointer, 1, gradients.pointer, 1).squareRoot()  // faster than snrm2
        if norm > maxNorm { cblas_sscal(n, maxNorm / norm, gradients.pointer, 1) }
        return norm
    }
}
