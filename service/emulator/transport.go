package emulator

import (
	"io"
	"net/http"
)

// Transport wraps base (nil: a clone of http.DefaultTransport) for the
// aws-sdk-go-v2 clients that talk to the emulator over loopback.
//
// Why: smithy-go wraps request bodies in a reader whose WriteTo returns
// io.EOF once closed, and closes the body as soon as the response headers
// arrive. net/http's connection writer, after sending a body of known
// length, reads it once more to check nothing is left; when that check
// runs after the close (which on loopback, where the answer comes back
// within microseconds, it does for a few percent of requests) it gets
// io.EOF as an error and closes the connection, and the SDK fails with
// "use of closed network connection" while reading any response that did
// not fit the client's first read buffer (about 4 KB, e.g. a
// ListParticipants page). Over a real network the answer comes too late to
// race. Hiding WriteTo makes the check see a plain Read, for which io.EOF
// means done. Harmless against real AWS.
func Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport.(*http.Transport).Clone()
	}
	return bodyWithoutWriteTo{base: base}
}

// HTTPClient is an *http.Client using Transport, to put in aws.Config's
// HTTPClient (or ivsrealtime.Options.HTTPClient).
func HTTPClient() *http.Client {
	return &http.Client{Transport: Transport(nil)}
}

type bodyWithoutWriteTo struct{ base http.RoundTripper }

// readCloserOnly has the Read and Close of the body and nothing else.
type readCloserOnly struct{ io.ReadCloser }

func (t bodyWithoutWriteTo) RoundTrip(req *http.Request) (*http.Response, error) {
	if _, ok := req.Body.(io.WriterTo); !ok || req.Body == http.NoBody {
		return t.base.RoundTrip(req)
	}
	r := req.Clone(req.Context())
	r.Body = readCloserOnly{req.Body}
	return t.base.RoundTrip(r)
}
