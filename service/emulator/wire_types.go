package emulator

import "time"

// isoTime is a timestamp as IVS puts it on the wire: an ISO 8601 UTC string
// with milliseconds. With the omitzero option a zero time is left out.
type isoTime time.Time

const isoLayout = "2006-01-02T15:04:05.000Z"

func (t isoTime) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(t).UTC().Format(isoLayout) + `"`), nil
}

func (t isoTime) IsZero() bool { return time.Time(t).IsZero() }

// emptyOut is the body of operations that return nothing.
type emptyOut struct{}

// listIn is the paging part of every List request.
type listIn struct {
	MaxResults *int32  `json:"maxResults"`
	NextToken  *string `json:"nextToken"`
}

// arnIn is the input of every operation that takes just an ARN.
type arnIn struct {
	Arn *string `json:"arn"`
}
