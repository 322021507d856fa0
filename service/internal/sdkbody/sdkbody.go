// Package sdkbody works around a race between aws-sdk-go-v2 (smithy-go) and
// net/http that drops connections to a fast server.
//
// smithy-go wraps request bodies in a reader whose WriteTo returns io.EOF
// once closed, and closes the body as soon as the response headers arrive.
// net/http's connection writer, after sending a body of known length, reads
// it once more to check nothing is left; when that check runs after the
// close (on loopback, where the answer comes back within microseconds, it
// does for a few percent of requests) it gets io.EOF as an error and closes
// the connection, and the SDK fails with "use of closed network connection"
// while reading any response larger than its first read buffer (about 4 KB,
// e.g. a ListParticipants page). Hiding WriteTo makes the check a plain
// Read, for which io.EOF means done. Harmless against real AWS.
package sdkbody

import (
	"io"
	"net/http"
)

// Strip returns req, or a shallow copy of it whose body has only Read and
// Close.
func Strip(req *http.Request) *http.Request {
	if _, ok := req.Body.(io.WriterTo); !ok || req.Body == http.NoBody {
		return req
	}
	r := req.Clone(req.Context())
	r.Body = readCloserOnly{req.Body}
	return r
}

type readCloserOnly struct{ io.ReadCloser }

// Doer is the HTTP client interface of aws-sdk-go-v2.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// Client wraps an SDK HTTP client so every request goes through Strip.
func Client(next Doer) Doer { return client{next} }

type client struct{ next Doer }

func (c client) Do(req *http.Request) (*http.Response, error) { return c.next.Do(Strip(req)) }
