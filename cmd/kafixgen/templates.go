package main

// Ordinary, socket-free code that makes type-checking cost realistic.
// In every template $K is replaced by a name suffix unique in the
// package and $N by a small number.

var fillers = []string{
	`
// Record$K is one row of a table.
type Record$K struct {
	ID     int
	Name   string
	Tags   []string
	Score  float64
	Parent *Record$K
}

// NewRecord$K returns a record with a normalised name and tags.
func NewRecord$K(id int, name string, tags ...string) *Record$K {
	r := &Record$K{ID: id, Name: strings.TrimSpace(name)}
	for _, t := range tags {
		if t = strings.ToLower(strings.TrimSpace(t)); t != "" {
			r.Tags = append(r.Tags, t)
		}
	}
	return r
}

// String implements fmt.Stringer.
func (r *Record$K) String() string {
	return fmt.Sprintf("%d:%s[%s]", r.ID, r.Name, strings.Join(r.Tags, ","))
}

// Depth returns the number of ancestors of r.
func (r *Record$K) Depth() int {
	n := 0
	for p := r.Parent; p != nil; p = p.Parent {
		n++
	}
	return n
}

// Validate reports the first problem with r.
func (r *Record$K) Validate() error {
	switch {
	case r.ID <= 0:
		return fmt.Errorf("record %d: bad id", r.ID)
	case r.Name == "":
		return fmt.Errorf("record %d: empty name", r.ID)
	case r.Score < 0 || r.Score > $N:
		return fmt.Errorf("record %d: score %g out of range", r.ID, r.Score)
	}
	return nil
}
`,
	`
// Stack$K is a last-in first-out stack of T.
type Stack$K[T any] struct {
	items []T
}

// Push adds v on top of s.
func (s *Stack$K[T]) Push(v T) { s.items = append(s.items, v) }

// Pop removes and returns the top of s.
func (s *Stack$K[T]) Pop() (T, bool) {
	var zero T
	if len(s.items) == 0 {
		return zero, false
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, true
}

// Len returns the number of elements in s.
func (s *Stack$K[T]) Len() int { return len(s.items) }

// Reduce$K folds xs into acc.
func Reduce$K[T, A any](xs []T, acc A, f func(A, T) A) A {
	for _, x := range xs {
		acc = f(acc, x)
	}
	return acc
}

// Balanced$K reports whether the brackets in s are balanced.
func Balanced$K(s string) bool {
	var st Stack$K[rune]
	pairs := map[rune]rune{')': '(', ']': '[', '}': '{'}
	for _, r := range s {
		switch r {
		case '(', '[', '{':
			st.Push(r)
		case ')', ']', '}':
			top, ok := st.Pop()
			if !ok || top != pairs[r] {
				return false
			}
		}
	}
	return st.Len() == 0 && Reduce$K([]int{$N}, 0, func(a, b int) int { return a + b }) >= 0
}
`,
	`
// ParseKV$K parses "key=n;key=n" into a map of sums.
func ParseKV$K(s string) (map[string]int, error) {
	out := make(map[string]int)
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		key, val, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("missing '=' in %q", part)
		}
		n, err := strconv.Atoi(strings.TrimSpace(val))
		if err != nil {
			return nil, fmt.Errorf("key %s: %w", key, err)
		}
		out[strings.ToLower(key)] += n * $N
	}
	return out, nil
}

// FormatKV$K is the inverse of ParseKV$K for sorted keys.
func FormatKV$K(keys []string, m map[string]int) string {
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(strconv.Itoa(m[k] / $N))
	}
	return b.String()
}
`,
	`
// TopKeys$K returns the n keys with the largest counts.
func TopKeys$K(counts map[string]int, n int) []string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if counts[keys[i]] != counts[keys[j]] {
			return counts[keys[i]] > counts[keys[j]]
		}
		return keys[i] < keys[j]
	})
	if len(keys) > n {
		keys = keys[:n]
	}
	return keys
}

// Histogram$K buckets values into $N buckets of width w.
func Histogram$K(values []float64, w float64) []int {
	buckets := make([]int, $N)
	for _, v := range values {
		i := int(v / w)
		if i < 0 {
			i = 0
		}
		if i >= len(buckets) {
			i = len(buckets) - 1
		}
		buckets[i]++
	}
	return buckets
}
`,
	`
// Shape$K is something with an area.
type Shape$K interface {
	Area() float64
	Name() string
}

type rect$K struct{ w, h float64 }

func (r rect$K) Area() float64 { return r.w * r.h }
func (r rect$K) Name() string  { return "rect" }

type circle$K struct{ r float64 }

func (c circle$K) Area() float64 { return 3.14159 * c.r * c.r }
func (c circle$K) Name() string  { return "circle" }

// TotalArea$K sums the areas of shapes by kind.
func TotalArea$K(shapes []Shape$K) map[string]float64 {
	out := map[string]float64{}
	for _, s := range shapes {
		out[s.Name()] += s.Area()
	}
	return out
}

// Largest$K returns the shape with the largest area.
func Largest$K(shapes ...Shape$K) Shape$K {
	var best Shape$K = rect$K{}
	for _, s := range shapes {
		if s.Area() > best.Area() {
			best = s
		}
	}
	return best
}

var _ = Largest$K(rect$K{w: 1, h: $N}, circle$K{r: 2})
`,
	`
// Counter$K is a counter safe for concurrent use.
type Counter$K struct {
	mu sync.Mutex
	m  map[string]int
}

// Add adds n to key.
func (c *Counter$K) Add(key string, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[string]int)
	}
	c.m[key] += n
}

// Get returns the count of key.
func (c *Counter$K) Get(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[key]
}

// CountWords$K counts the words of docs in parallel.
func CountWords$K(docs []string) map[string]int {
	var c Counter$K
	var wg sync.WaitGroup
	for _, d := range docs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, w := range strings.Fields(d) {
				c.Add(w, 1)
			}
		}()
	}
	wg.Wait()
	return c.m
}
`,
	`
// NotFoundError$K reports a missing key.
type NotFoundError$K struct{ Key string }

func (e *NotFoundError$K) Error() string { return "not found: " + e.Key }

// ErrEmpty$K is returned for an empty key.
var ErrEmpty$K = errors.New("empty key")

// Lookup$K finds key in m.
func Lookup$K(m map[string]string, key string) (string, error) {
	if key == "" {
		return "", ErrEmpty$K
	}
	if v, ok := m[key]; ok {
		return v, nil
	}
	return "", fmt.Errorf("lookup %d: %w", $N, &NotFoundError$K{Key: key})
}

// IsNotFound$K reports whether err is a NotFoundError$K.
func IsNotFound$K(err error) bool {
	var nf *NotFoundError$K
	return errors.As(err, &nf) && !errors.Is(err, ErrEmpty$K)
}
`,
	`
// Tokenize$K splits s into runs of letters and runs of digits.
func Tokenize$K(s string) []string {
	var toks []string
	var cur strings.Builder
	state := 0
	flush := func() {
		if cur.Len() > 0 {
			toks = append(toks, cur.String())
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			if state != 1 {
				flush()
				state = 1
			}
			cur.WriteRune(r)
		case unicode.IsLetter(r):
			if state != 2 {
				flush()
				state = 2
			}
			cur.WriteRune(unicode.ToLower(r))
		default:
			flush()
			state = 0
		}
	}
	flush()
	if len(toks) > $N {
		toks = toks[:$N]
	}
	return toks
}
`,
	`
// Matrix$K is a dense row-major matrix.
type Matrix$K struct {
	Rows, Cols int
	Data       []float64
}

// Mul$K multiplies a by b.
func Mul$K(a, b Matrix$K) (Matrix$K, bool) {
	if a.Cols != b.Rows {
		return Matrix$K{}, false
	}
	c := Matrix$K{Rows: a.Rows, Cols: b.Cols, Data: make([]float64, a.Rows*b.Cols)}
	for i := 0; i < a.Rows; i++ {
		for j := 0; j < b.Cols; j++ {
			var s float64
			for k := 0; k < a.Cols; k++ {
				s += a.Data[i*a.Cols+k] * b.Data[k*b.Cols+j]
			}
			c.Data[i*c.Cols+j] = s
		}
	}
	return c, true
}

// Identity$K returns the n×n identity matrix.
func Identity$K(n int) Matrix$K {
	m := Matrix$K{Rows: n, Cols: n, Data: make([]float64, n*n)}
	for i := range n {
		m.Data[i*n+i] = $N
	}
	return m
}
`,
	`
// Number$K is the set of types Sum$K accepts.
type Number$K interface {
	~int | ~int64 | ~float64
}

// Sum$K adds up xs.
func Sum$K[T Number$K](xs ...T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

// MaxBy$K returns the element of xs with the largest key.
func MaxBy$K[T any, K cmp.Ordered](xs []T, key func(T) K) (T, bool) {
	var best T
	if len(xs) == 0 {
		return best, false
	}
	best = xs[0]
	for _, x := range xs[1:] {
		if key(x) > key(best) {
			best = x
		}
	}
	return best, true
}

// Pair$K holds two values.
type Pair$K[A, B any] struct {
	First  A
	Second B
}

// Zip$K pairs up the elements of as and bs.
func Zip$K[A, B any](as []A, bs []B) []Pair$K[A, B] {
	n := min(len(as), len(bs))
	out := make([]Pair$K[A, B], n)
	for i := range n {
		out[i] = Pair$K[A, B]{as[i], bs[i]}
	}
	_ = Sum$K(1, 2, $N)
	return out
}
`,
	`
// Header$K is a fixed-size wire header.
type Header$K struct {
	Version uint8
	Flags   uint8
	Length  uint16
	Seq     uint32
}

// Marshal encodes h in network byte order.
func (h Header$K) Marshal() []byte {
	var buf bytes.Buffer
	buf.WriteByte(h.Version)
	buf.WriteByte(h.Flags)
	var tmp [4]byte
	binary.BigEndian.PutUint16(tmp[:2], h.Length)
	buf.Write(tmp[:2])
	binary.BigEndian.PutUint32(tmp[:], h.Seq)
	buf.Write(tmp[:])
	return buf.Bytes()
}

// UnmarshalHeader$K decodes a header from b.
func UnmarshalHeader$K(b []byte) (Header$K, bool) {
	if len(b) < 8 {
		return Header$K{}, false
	}
	h := Header$K{
		Version: b[0],
		Flags:   b[1],
		Length:  binary.BigEndian.Uint16(b[2:4]),
		Seq:     binary.BigEndian.Uint32(b[4:8]),
	}
	return h, h.Version <= $N
}
`,
}
