package emulator

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// BenchmarkRoundTrip is one GetStage through the real SDK client over
// loopback: signing, HTTP, routing, decoding, the backend and encoding.
func BenchmarkRoundTrip(b *testing.B) {
	v := start(b, Options{NoThrottle: true})
	arn := v.stage("bench").Arn
	in := &ivsrealtime.GetStageInput{Arn: arn}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.c.GetStage(v.ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListParticipants100 pages through a session of 1,000
// participants at 100 per page (one page per iteration, wrapping around).
func BenchmarkListParticipants100(b *testing.B) {
	v := start(b, Options{NoThrottle: true})
	arn := aws.ToString(v.stage("crowd").Arn)
	var sess string
	for i := range 1000 {
		tok, err := v.e.b.CreateParticipantToken(arn, tokenSpec{userID: fmt.Sprintf("user-%04d", i), capabilities: ivs.Capabilities, minutes: ivs.DefaultTokenDurationMinutes})
		if err != nil {
			b.Fatal(err)
		}
		j, err := v.e.Join(tok.Token)
		if err != nil {
			b.Fatal(err)
		}
		sess = j.SessionID
	}
	in := &ivsrealtime.ListParticipantsInput{StageArn: aws.String(arn), SessionId: aws.String(sess), MaxResults: aws.Int32(100)}
	b.ReportAllocs()
	for b.Loop() {
		out, err := v.c.ListParticipants(v.ctx, in)
		if err != nil {
			b.Fatal(err)
		}
		if len(out.Participants) != 100 {
			b.Fatalf("page of %d", len(out.Participants))
		}
		in.NextToken = out.NextToken // nil after the last page: start over
	}
}

// BenchmarkDecode is the request decoder alone on a CreateStage body.
func BenchmarkDecode(b *testing.B) {
	body := []byte(`{"name":"town-hall","tags":{"team":"video"},"participantTokenConfigurations":[{"userId":"host","capabilities":["PUBLISH","SUBSCRIBE"],"duration":60,"attributes":{"seat":"12"}}]}`)
	b.ReportAllocs()
	for b.Loop() {
		var in createStageIn
		if err := decodeJSON(body, &in); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLargeResponsesOverLoopback reads many ListParticipants pages of 100
// (about 19 KB each) through the SDK; without Transport about one request
// in a couple of thousand fails with "use of closed network connection".
func TestLargeResponsesOverLoopback(t *testing.T) {
	if testing.Short() {
		t.Skip("long loop")
	}
	v := start(t, Options{NoThrottle: true})
	arn := aws.ToString(v.stage("crowd").Arn)
	var sess string
	for i := range 300 {
		sess = v.join(arn, fmt.Sprintf("user-%04d", i)).SessionID
	}
	in := &ivsrealtime.ListParticipantsInput{StageArn: aws.String(arn), SessionId: aws.String(sess), MaxResults: aws.Int32(100)}
	for i := range 1500 {
		out, err := v.c.ListParticipants(v.ctx, in)
		if err != nil {
			t.Fatalf("page %d: %v", i, err)
		}
		in.NextToken = out.NextToken
	}
}
