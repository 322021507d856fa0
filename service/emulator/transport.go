package emulator

import (
	"net/http"

	"github.com/ivsdash/ivsdash/service/internal/sdkbody"
)

// Transport wraps base (nil: a clone of http.DefaultTransport) for the
// aws-sdk-go-v2 clients that talk to the emulator over loopback: see package
// sdkbody for the race it avoids. The service client applies the same fix to
// every client it builds.
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

func (t bodyWithoutWriteTo) RoundTrip(req *http.Request) (*http.Response, error) {
	return t.base.RoundTrip(sdkbody.Strip(req))
}
