package service_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/emulator"
)

// A full fetch of a 10,000-participant session against the emulator with
// throttling off (and the client's budget unlimited), through the service
// layer and, side by side, through a plain aws-sdk-go-v2 paginator loop on
// the same emulator and the same HTTP client fix:
//
//	go test ./service -run x -bench 'Participants10k' -benchmem

func scaleEmulator(b *testing.B) (*emulator.Emulator, string, string) {
	b.Helper()
	// The simulation's tick is an hour: the crowd holds still while measured.
	e := startEmulator(b, emulator.Options{Simulate: true, Seed: 1, NoThrottle: true, Participants: 10_000, SimulationTick: time.Hour})
	arn, sess, ok := e.BusiestSession()
	if !ok {
		b.Fatal("no live session")
	}
	return e, arn, sess
}

// BenchmarkAllParticipants10k is service.Client.AllParticipants: the SDK's
// paginator inside, every page through the budget gate and the wire tap.
func BenchmarkAllParticipants10k(b *testing.B) {
	e, arn, sess := scaleEmulator(b)
	c := service.NewForEndpoint(e.URL(), "", budget.Config{Unlimited: true})
	ctx := context.Background()
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		all, err := c.AllParticipants(ctx, arn, sess, service.ParticipantFilter{})
		if err != nil {
			b.Fatal(err)
		}
		n = len(all)
	}
	if n < 10_000 {
		b.Fatalf("fetched %d participants", n)
	}
	b.ReportMetric(float64(n), "participants/op")
}

// BenchmarkListParticipantsPages10k is the participants pane's way: one
// ListParticipants page of 100 at a time, following NextToken.
func BenchmarkListParticipantsPages10k(b *testing.B) {
	e, arn, sess := scaleEmulator(b)
	c := service.NewForEndpoint(e.URL(), "", budget.Config{Unlimited: true})
	ctx := context.Background()
	n, pages := 0, 0
	b.ReportAllocs()
	for b.Loop() {
		n, pages = 0, 0
		token := ""
		for {
			pg, err := c.ListParticipants(ctx, arn, sess, service.ParticipantFilter{}, service.PageRequest{Token: token, Max: 100})
			if err != nil {
				b.Fatal(err)
			}
			n += len(pg.Items)
			pages++
			if pg.NextToken == "" {
				break
			}
			token = pg.NextToken
		}
	}
	if n < 10_000 {
		b.Fatalf("fetched %d participants", n)
	}
	b.ReportMetric(float64(pages), "pages/op")
}

// BenchmarkRawPaginator10k is the plain aws-sdk-go-v2 loop for comparison:
// ivsrealtime.NewListParticipantsPaginator, pages of 100, no service layer.
func BenchmarkRawPaginator10k(b *testing.B) {
	e, arn, sess := scaleEmulator(b)
	raw := ivsrealtime.New(ivsrealtime.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(e.URL()),
		Credentials:  credentials.NewStaticCredentialsProvider("AKID", "secret", ""),
		HTTPClient:   emulator.HTTPClient(),
	})
	ctx := context.Background()
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		n = 0
		p := ivsrealtime.NewListParticipantsPaginator(raw, &ivsrealtime.ListParticipantsInput{
			StageArn: aws.String(arn), SessionId: aws.String(sess),
		}, func(o *ivsrealtime.ListParticipantsPaginatorOptions) { o.Limit = 100 })
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				b.Fatal(err)
			}
			n += len(out.Participants)
		}
	}
	if n < 10_000 {
		b.Fatalf("fetched %d participants", n)
	}
	b.ReportMetric(float64(n), "participants/op")
}
