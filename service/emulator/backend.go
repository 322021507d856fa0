package emulator

import (
	"crypto/ecdsa"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// backend is the whole in-memory state of one emulated account in one
// region, and the rules over it (moto's models to the wire layer's
// responses). It knows nothing of HTTP or JSON requests: its operation
// methods take plain values that the wire layer (wire_*.go) has decoded and
// checked against the service model's constraints, and return the
// resources' views (stageOut, ...) or an *Error for what only the state can
// decide (404, 409, 402). The control endpoints and the simulation call it
// the same way. One mutex guards everything; every exported path takes it
// once.
type backend struct {
	mu sync.Mutex

	region, account string
	now             func() time.Time
	rng             *rand.Rand
	usedIDs         map[string]bool
	seq             uint64
	timing          timing

	pager  pager
	signer *signer

	stages       collection[*stage]
	compositions collection[*composition]
	encoders     collection[*encoderConfig]
	storages     collection[*storageConfig]
	ingests      collection[*ingestConfig]
	publicKeys   collection[*publicKey]

	metrics metricHistory // CloudWatch's per-minute counts (metrics.go)
	// push hands an event IVS would send to EventBridge to the emulator's
	// bus (nil: nobody listens). It is called with mu held and must not
	// call back into the backend.
	push func(detailType, resource string, at time.Time, detail any)
}

// timing holds the delays of the state machines that move on their own.
type timing struct {
	compositionStart     time.Duration // STARTING -> ACTIVE
	compositionStop      time.Duration // STOPPING -> STOPPED
	compositionIdle      time.Duration // no participants -> stop
	compositionRetention time.Duration // STOPPED stays listable this long
	recordingStart       time.Duration // participant recording STARTING -> ACTIVE
}

func newBackend(region, account string, now func() time.Time, seed uint64, pageKey []byte, s *signer, t timing) *backend {
	return &backend{
		region:       region,
		account:      account,
		now:          now,
		rng:          rand.New(rand.NewChaCha8(seedBytes(seed))),
		usedIDs:      map[string]bool{},
		timing:       t,
		pager:        pager{key: pageKey},
		signer:       s,
		stages:       newCollection[*stage](),
		compositions: newCollection[*composition](),
		encoders:     newCollection[*encoderConfig](),
		storages:     newCollection[*storageConfig](),
		ingests:      newCollection[*ingestConfig](),
		publicKeys:   newCollection[*publicKey](),
	}
}

func seedBytes(seed uint64) [32]byte {
	var b [32]byte
	for i := range 4 {
		s := seed + uint64(i)*0x9E3779B97F4A7C15
		for j := range 8 {
			b[i*8+j] = byte(s >> (8 * j))
		}
	}
	return b
}

// lock takes the mutex, reads the clock once for the whole operation, and
// brings the self-moving state machines (compositions) up to that time.
func (b *backend) lock() time.Time {
	b.mu.Lock()
	now := b.now().UTC()
	b.advance(now)
	b.sampleMetrics(now, false)
	return now
}

func (b *backend) unlock() {
	b.sampleMetrics(b.now().UTC(), true)
	b.mu.Unlock()
}

func (b *backend) nextSeq() uint64 {
	b.seq++
	return b.seq
}

func (b *backend) validator() *validator {
	return &validator{region: b.region, account: b.account}
}

// meta is what every listed thing has: an id and its creation sequence,
// which orders lists and drives pagination.
type meta struct {
	id  string
	seq uint64
}

func (m *meta) base() *meta { return m }

type resource interface{ base() *meta }

// tagged is what the taggable resources add: their ARN and tags.
type tagged struct {
	arn  string
	tags map[string]string
}

func (t *tagged) taggable() *tagged { return t }

// collection keeps resources by id and in creation order.
type collection[T resource] struct {
	byID  map[string]T
	order []T
}

func newCollection[T resource]() collection[T] {
	return collection[T]{byID: map[string]T{}}
}

func (c *collection[T]) add(v T) {
	c.byID[v.base().id] = v
	c.order = append(c.order, v)
}

func (c *collection[T]) get(id string) (T, bool) {
	v, ok := c.byID[id]
	return v, ok
}

func (c *collection[T]) remove(id string) {
	v, ok := c.byID[id]
	if !ok {
		return
	}
	delete(c.byID, id)
	seq := v.base().seq
	i := sort.Search(len(c.order), func(i int) bool { return c.order[i].base().seq >= seq })
	if i < len(c.order) && c.order[i].base().seq == seq {
		c.order = slices.Delete(c.order, i, i+1)
	}
}

func (c *collection[T]) len() int { return len(c.byID) }

// find returns the resource of an id, or a 404 naming arn.
func (c *collection[T]) find(id, arn string) (T, error) {
	v, ok := c.byID[id]
	if !ok {
		return v, notFound(arn)
	}
	return v, nil
}

// idOf is the resource id an ARN names; the wire layer has checked the
// ARN's shape.
func idOf(arn string) string { return arn[strings.LastIndexByte(arn, '/')+1:] }

// findARN returns the resource an ARN names, or a 404 naming the ARN.
func findARN[T resource](c *collection[T], arn string) (T, error) {
	return c.find(idOf(arn), arn)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func cloneMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// tagsOut is the tags member of a response: always an object, never null.
func tagsOut(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return cloneMap(m)
}

func ptr[T any](v T) *T { return &v }

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// publicKey is an imported key for self-signed participant tokens.
type publicKey struct {
	meta
	tagged
	name        string
	pem         string
	fingerprint string
	key         *ecdsa.PublicKey
}
