package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"sort"
	"strings"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// A nextToken is opaque to callers: base64url of a version byte, the
// creation sequence of the last item returned, a hash of the request's scope
// (operation, parent resources and filters) and an HMAC over all of it with a
// key made at New. So a token cannot be forged, reused for another operation
// or filter, or made to loop: the cursor only moves forward in creation
// order, and items created while paging appear at the end.
type pager struct{ key []byte }

const (
	tokenVersion = 1
	tokenLen     = 1 + 8 + 8 + 16
)

// scope names what a token is valid for: the operation and every request
// member other than maxResults and nextToken.
func scope(op string, parts ...string) string {
	return op + "\x00" + strings.Join(parts, "\x00")
}

func (p *pager) token(scope string, seq uint64) string {
	buf := make([]byte, 0, tokenLen)
	buf = append(buf, tokenVersion)
	buf = binary.BigEndian.AppendUint64(buf, seq)
	h := sha256.Sum256([]byte(scope))
	buf = append(buf, h[:8]...)
	mac := hmac.New(sha256.New, p.key)
	mac.Write(buf)
	buf = append(buf, mac.Sum(nil)[:16]...)
	return base64.RawURLEncoding.EncodeToString(buf)
}

// cursor checks a request's nextToken and returns the sequence after which
// the page starts (0 for the first page).
func (p *pager) cursor(v *validator, scope string, tok *string) uint64 {
	if tok == nil || *tok == "" {
		return 0
	}
	if !v.str("nextToken", *tok, 0, ivs.MaxNextTokenLength, &nextTokenPattern) {
		return 0
	}
	raw, err := base64.RawURLEncoding.DecodeString(*tok)
	if err != nil || len(raw) != tokenLen || raw[0] != tokenVersion {
		v.failHidden("nextToken", "Member must be a nextToken returned by a previous call of this operation")
		return 0
	}
	mac := hmac.New(sha256.New, p.key)
	mac.Write(raw[:17])
	if !hmac.Equal(mac.Sum(nil)[:16], raw[17:]) {
		v.failHidden("nextToken", "Member must be a nextToken returned by a previous call of this operation")
		return 0
	}
	h := sha256.Sum256([]byte(scope))
	if !hmac.Equal(h[:8], raw[9:17]) {
		v.failHidden("nextToken", "Member must be a nextToken returned by a previous call with the same parameters (operation, resource and filters)")
		return 0
	}
	return binary.BigEndian.Uint64(raw[1:9])
}

// paginate returns up to limit items with a sequence above after that keep
// accepts, and whether another such item exists beyond them. items must be
// in ascending sequence order.
func paginate[T resource](items []T, after uint64, limit int, keep func(T) bool) (page []T, last uint64, more bool) {
	i := sort.Search(len(items), func(i int) bool { return items[i].base().seq > after })
	for ; i < len(items); i++ {
		it := items[i]
		if keep != nil && !keep(it) {
			continue
		}
		if len(page) == limit {
			return page, last, true
		}
		page = append(page, it)
		last = it.base().seq
	}
	return page, last, false
}

// pageReq is a checked page request: the scope its tokens are valid for,
// the sequence after which it starts and its size.
type pageReq struct {
	scope string
	after uint64
	limit int
}

// listPage runs paginate and turns its cursor into the response's nextToken
// ("" on the last page, which the encoder then omits).
func listPage[T resource](p *pager, pr pageReq, items []T, keep func(T) bool) ([]T, string) {
	page, last, more := paginate(items, pr.after, pr.limit, keep)
	if !more {
		return page, ""
	}
	return page, p.token(pr.scope, last)
}
