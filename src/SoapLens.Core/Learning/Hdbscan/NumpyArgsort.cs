using System.Numerics;

namespace SoapLens.Learning;

/// <summary>
/// numpy's default <c>np.argsort</c> (kind='quicksort') for float64 without SIMD dispatch:
/// introsort with median-of-three, insertion sort below 16 elements and heapsort past the depth
/// limit (numpy/_core/src/npysort/quicksort.cpp, aquicksort_ and aheapsort_). Unstable: the order
/// it leaves among equal keys is part of what hdbscan's label() sees. numpy builds that dispatch
/// argsort to x86-simd-sort on some CPUs order equal keys differently.
/// </summary>
internal static class NumpyArgsort
{
    private const int SmallQuicksort = 15;

    public static int[] Argsort(double[] v)
    {
        int num = v.Length;
        var a = new int[num];
        for (int i = 0; i < num; i++) a[i] = i;
        if (num < 2) return a;
        var stack = new int[256];
        var depthStack = new int[128];
        int sp = 0, dp = 0;
        int pl = 0, pr = num - 1;
        int cdepth = BitOperations.Log2((uint)num) * 2;
        while (true)
        {
            if (cdepth < 0)
            {
                HeapSort(v, a, pl, pr - pl + 1);
            }
            else
            {
                while (pr - pl > SmallQuicksort)
                {
                    int pm = pl + ((pr - pl) >> 1);
                    if (v[a[pm]] < v[a[pl]]) Swap(a, pm, pl);
                    if (v[a[pr]] < v[a[pm]]) Swap(a, pr, pm);
                    if (v[a[pm]] < v[a[pl]]) Swap(a, pm, pl);
                    double vp = v[a[pm]];
                    int pi = pl, pj = pr - 1;
                    Swap(a, pm, pj);
                    while (true)
                    {
                        do pi++; while (v[a[pi]] < vp);
                        do pj--; while (vp < v[a[pj]]);
                        if (pi >= pj) break;
                        Swap(a, pi, pj);
                    }
                    Swap(a, pi, pr - 1);
                    if (pi - pl < pr - pi)
                    {
                        stack[sp++] = pi + 1; stack[sp++] = pr;
                        pr = pi - 1;
                    }
                    else
                    {
                        stack[sp++] = pl; stack[sp++] = pi - 1;
                        pl = pi + 1;
                    }
                    depthStack[dp++] = --cdepth;
                }
                for (int pi = pl + 1; pi <= pr; pi++)
                {
                    int vi = a[pi];
                    double vv = v[vi];
                    int pj = pi, pk = pi - 1;
                    while (pj > pl && vv < v[a[pk]]) a[pj--] = a[pk--];
                    a[pj] = vi;
                }
            }
            if (sp == 0) break;
            pr = stack[--sp];
            pl = stack[--sp];
            cdepth = depthStack[--dp];
        }
        return a;
    }

    private static void Swap(int[] a, int i, int j) => (a[i], a[j]) = (a[j], a[i]);

    // 1-based heap over a[start .. start + n).
    internal static void HeapSort(double[] v, int[] arr, int start, int n)
    {
        int At(int k) => arr[start + k - 1];
        void Set(int k, int x) => arr[start + k - 1] = x;
        int i, j, tmp;
        for (int l = n >> 1; l > 0; l--)
        {
            tmp = At(l);
            for (i = l, j = l << 1; j <= n;)
            {
                if (j < n && v[At(j)] < v[At(j + 1)]) j++;
                if (v[tmp] < v[At(j)]) { Set(i, At(j)); i = j; j += j; }
                else break;
            }
            Set(i, tmp);
        }
        for (; n > 1;)
        {
            tmp = At(n);
            Set(n, At(1));
            n--;
            for (i = 1, j = 2; j <= n;)
            {
                if (j < n && v[At(j)] < v[At(j + 1)]) j++;
                if (v[tmp] < v[At(j)]) { Set(i, At(j)); i = j; j += j; }
                else break;
            }
            Set(i, tmp);
        }
    }
}
