package emulator

import "github.com/ivsdash/ivsdash/service/ivs"

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

// reqARN checks a required ARN member of the given kind, and returns it
// once every violation v holds (its own included) is none.
func reqARN(v *validator, field string, arn *string, kind string) (string, error) {
	v.reqARN(field, arn, kind)
	if err := v.err(); err != nil {
		return "", err
	}
	return *arn, nil
}

// page checks the paging members of a List request: maxResults within the
// operation's largest page (its default when absent) and a nextToken issued
// for the same scope (the operation and its other members, parts).
func page(v *validator, p *pager, in listIn, op string, parts ...string) pageReq {
	o, _ := ivs.Lookup(op)
	sc := scope(op, parts...)
	limit := v.maxResults(in.MaxResults, o.DefaultPage, o.MaxPage)
	return pageReq{scope: sc, limit: limit, after: p.cursor(v, sc, in.NextToken)}
}

// byARN makes the handler of an operation whose only member is the ARN of
// a resource of one kind: the ARN is checked, then call answers.
func byARN(kind string, call func(b *backend, arn string) (any, error)) func(*backend, *arnIn) (any, error) {
	return func(b *backend, in *arnIn) (any, error) {
		arn, err := reqARN(b.validator(), "arn", in.Arn, kind)
		if err != nil {
			return nil, err
		}
		return call(b, arn)
	}
}

// pageOnly makes the handler of a List operation with no members but the
// paging ones.
func pageOnly(op string, call func(b *backend, pr pageReq) any) func(*backend, *listIn) (any, error) {
	return func(b *backend, in *listIn) (any, error) {
		v := b.validator()
		pr := page(v, &b.pager, *in, op)
		if err := v.err(); err != nil {
			return nil, err
		}
		return call(b, pr), nil
	}
}
