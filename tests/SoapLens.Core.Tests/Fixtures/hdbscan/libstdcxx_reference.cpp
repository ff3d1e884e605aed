// Produces the expected values of SklearnKdTreeTests with the real libstdc++ (g++ 12, Debian 12):
//   g++ -O2 -o ref libstdcxx_reference.cpp && ./ref <shared>/reference/hdbscan-5d
// 1. For each input of nth_element_killers.txt (n, nth, values; McIlroy's "antiqsort" adversary run
//    against SklearnKdTree.NthElement, so introselect reaches its heap-select fallback), the order
//    std::nth_element leaves with scikit-learn's comparator (value, then index); compare with the
//    second line of each pair in the file.
// 2. FNV-1a (64-bit, over the indices as little-endian int32) of the idx_array of scikit-learn's
//    KDTree build (recursive split at n/2 along the first dimension of largest spread, nth_element)
//    for the hdbscan-5d inputs.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

static std::vector<double> data;
static long nf, nnodes;
static std::vector<long> idx;

static long split_dim(const long* ind, long np) {
  long jm = 0; double ms = 0;
  for (long j = 0; j < nf; j++) {
    double mx = data[ind[0] * nf + j], mn = mx;
    for (long i = 1; i < np; i++) { double v = data[ind[i] * nf + j]; mx = std::fmax(mx, v); mn = std::fmin(mn, v); }
    if (mx - mn > ms) { ms = mx - mn; jm = j; }
  }
  return jm;
}

static void build(long node, long s, long e) {
  if (2 * node + 1 >= nnodes || e - s < 2) return;
  long np = e - s, mid = np / 2; long* ind = &idx[s]; long sd = split_dim(ind, np);
  std::nth_element(ind, ind + mid, ind + np, [sd](long a, long b) {
    double av = data[a * nf + sd], bv = data[b * nf + sd]; return av == bv ? a < b : av < bv; });
  build(2 * node + 1, s, s + mid); build(2 * node + 2, s + mid, e);
}

static uint64_t tree_hash(const std::string& file, long features, long leaf) {
  std::ifstream f(file, std::ios::binary); std::string all((std::istreambuf_iterator<char>(f)), {});
  size_t h = all.find('\n') + 1; nf = features;
  long n = (long)((all.size() - h) / 8 / nf); data.resize(n * nf); std::memcpy(data.data(), all.data() + h, n * nf * 8);
  int levels = (int)(std::log2(std::fmax(1.0, (double)(n - 1) / leaf)) + 1); nnodes = (1L << levels) - 1;
  idx.resize(n); for (long i = 0; i < n; i++) idx[i] = i; build(0, 0, n);
  uint64_t hash = 14695981039346656037ull;
  for (long i = 0; i < n; i++) { uint32_t v = (uint32_t)idx[i]; for (int b = 0; b < 4; b++) { hash ^= (v >> (8 * b)) & 0xff; hash *= 1099511628211ull; } }
  return hash;
}

int main(int argc, char** argv) {
  std::ifstream f("nth_element_killers.txt"); std::string l1, l2;
  while (std::getline(f, l1) && std::getline(f, l2)) {
    std::istringstream a(l1), b(l2); long n, nth; a >> n >> nth;
    std::vector<long> val(n), expected(n), v(n);
    for (auto& x : val) a >> x; for (auto& x : expected) b >> x; for (long i = 0; i < n; i++) v[i] = i;
    std::nth_element(v.begin(), v.begin() + nth, v.end(), [&](long x, long y) { return val[x] == val[y] ? x < y : val[x] < val[y]; });
    std::printf("killer n=%ld: %s\n", n, v == expected ? "matches" : "DIFFERS");
  }
  if (argc > 1) {
    std::string dir = argv[1];
    std::printf("input.npy leaf 13: %016llx\n", (unsigned long long)tree_hash(dir + "/input.npy", 5, 13));
    std::printf("input.npy leaf 40: %016llx\n", (unsigned long long)tree_hash(dir + "/input.npy", 5, 40));
    std::printf("toy_input.npy leaf 13: %016llx\n", (unsigned long long)tree_hash(dir + "/toy_input.npy", 2, 13));
  }
}
