package emulator

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime/types"
)

func (v *env) listStageNames(max int32, token *string) ([]string, *string) {
	v.t.Helper()
	out := must[*ivsrealtime.ListStagesOutput](v.t)(v.c.ListStages(v.ctx, &ivsrealtime.ListStagesInput{MaxResults: aws.Int32(max), NextToken: token}))
	var names []string
	for _, s := range out.Stages {
		names = append(names, aws.ToString(s.Name))
	}
	return names, out.NextToken
}

func TestPagination(t *testing.T) {
	v := startFast(t)
	for i := range 7 {
		v.stage(fmt.Sprintf("s%d", i))
	}
	t.Run("pages in creation order, last page without token", func(t *testing.T) {
		var all []string
		var tok *string
		pages := 0
		for {
			names, next := v.listStageNames(3, tok)
			all = append(all, names...)
			pages++
			if next == nil {
				break
			}
			tok = next
		}
		equal(t, "pages", pages, 3)
		equalSlices(t, "stages", all, []string{"s0", "s1", "s2", "s3", "s4", "s5", "s6"})
	})
	t.Run("an exact multiple ends without an empty page", func(t *testing.T) {
		names, next := v.listStageNames(7, nil)
		equal(t, "count", len(names), 7)
		if next != nil {
			t.Fatal("no nextToken when nothing is left")
		}
	})
	t.Run("SDK paginator", func(t *testing.T) {
		p := ivsrealtime.NewListStagesPaginator(v.c, &ivsrealtime.ListStagesInput{MaxResults: aws.Int32(2)})
		n := 0
		for p.HasMorePages() {
			out := must[*ivsrealtime.ListStagesOutput](t)(p.NextPage(v.ctx))
			n += len(out.Stages)
		}
		equal(t, "stages through the paginator", n, 7)
	})
	t.Run("items added and removed while paging", func(t *testing.T) {
		first, tok := v.listStageNames(3, nil)
		equalSlices(t, "first page", first, []string{"s0", "s1", "s2"})
		v.stage("late-1")
		// s4 disappears before its page is read; s1 (already read) too.
		for _, name := range []string{"s1", "s4"} {
			out := must[*ivsrealtime.ListStagesOutput](t)(v.c.ListStages(v.ctx, &ivsrealtime.ListStagesInput{}))
			for _, s := range out.Stages {
				if aws.ToString(s.Name) == name {
					must[*ivsrealtime.DeleteStageOutput](t)(v.c.DeleteStage(v.ctx, &ivsrealtime.DeleteStageInput{Arn: s.Arn}))
				}
			}
		}
		var rest []string
		for tok != nil {
			var names []string
			names, tok = v.listStageNames(3, tok)
			rest = append(rest, names...)
			if len(rest) == 3 {
				v.stage("late-2") // created mid-way: shows at the end
			}
		}
		equalSlices(t, "rest", rest, []string{"s3", "s5", "s6", "late-1", "late-2"})
	})
}

func TestPaginationTokensAreChecked(t *testing.T) {
	v := startFast(t)
	for i := range 3 {
		v.stage(fmt.Sprintf("s%d", i))
	}
	_, tok := v.listStageNames(1, nil)
	if tok == nil {
		t.Fatal("expected a token")
	}
	raw, err := base64.RawURLEncoding.DecodeString(*tok)
	noErr(t, err)
	flipped := append([]byte(nil), raw...)
	flipped[3] ^= 1 // another cursor, same MAC: forged
	forged := base64.RawURLEncoding.EncodeToString(flipped)

	for _, c := range []struct{ name, token, fragment string }{
		{"never issued", "bm90LWEtdG9rZW4", "nextToken"},
		{"forged cursor", forged, "nextToken"},
		{"not base64", "%%%", "Member must satisfy regular expression pattern: [a-zA-Z0-9+/=_-]*"},
		{"too long", strings.Repeat("A", 1025), "Member must have length less than or equal to 1024"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := v.c.ListStages(v.ctx, &ivsrealtime.ListStagesInput{NextToken: aws.String(c.token)})
			wantCode(t, err, "ValidationException", c.fragment)
			if strings.Contains(exceptionMessage(err), c.token) && len(c.token) > 10 {
				t.Fatal("the token is echoed back")
			}
		})
	}
	t.Run("token of another operation", func(t *testing.T) {
		_, err := v.c.ListEncoderConfigurations(v.ctx, &ivsrealtime.ListEncoderConfigurationsInput{NextToken: tok})
		wantCode(t, err, "ValidationException", "same parameters")
	})
	t.Run("token of another filter", func(t *testing.T) {
		st := aws.ToString(v.stage("busy").Arn)
		var sess string
		for i := range 4 {
			j := v.join(st, fmt.Sprintf("u%d", i))
			sess = j.SessionID
			noErr(t, v.e.Publish(st, j.ParticipantID))
		}
		out := must[*ivsrealtime.ListParticipantsOutput](t)(v.c.ListParticipants(v.ctx, &ivsrealtime.ListParticipantsInput{
			StageArn: aws.String(st), SessionId: aws.String(sess), FilterByPublished: true, MaxResults: aws.Int32(1)}))
		if out.NextToken == nil {
			t.Fatal("expected a token")
		}
		_, err := v.c.ListParticipants(v.ctx, &ivsrealtime.ListParticipantsInput{
			StageArn: aws.String(st), SessionId: aws.String(sess), FilterByState: types.ParticipantStateConnected, NextToken: out.NextToken})
		wantCode(t, err, "ValidationException", "same parameters")
		// maxResults may change between pages.
		must[*ivsrealtime.ListParticipantsOutput](t)(v.c.ListParticipants(v.ctx, &ivsrealtime.ListParticipantsInput{
			StageArn: aws.String(st), SessionId: aws.String(sess), FilterByPublished: true, MaxResults: aws.Int32(3), NextToken: out.NextToken}))
	})
	t.Run("a token from another emulator is not accepted", func(t *testing.T) {
		other := startFast(t)
		for range 2 {
			other.stage("x")
		}
		_, otherTok := other.listStageNames(1, nil)
		_, err := v.c.ListStages(v.ctx, &ivsrealtime.ListStagesInput{NextToken: otherTok})
		wantCode(t, err, "ValidationException", "nextToken")
	})
}

func TestPaginationDefaults(t *testing.T) {
	v := startFast(t)
	name := "s"
	for range 51 {
		_, _, err := v.e.b.CreateStage(name, nil, defaultAutoRec(), nil)
		noErr(t, err)
	}
	out := must[*ivsrealtime.ListStagesOutput](t)(v.c.ListStages(v.ctx, &ivsrealtime.ListStagesInput{}))
	equal(t, "default ListStages page", len(out.Stages), 50)
	if out.NextToken == nil {
		t.Fatal("51 stages do not fit the default page")
	}
	for range 101 {
		v.e.b.mu.Lock()
		v.e.b.newEncoder("e", videoOut{Width: 2, Height: 2, Bitrate: 1, Framerate: 1}, nil)
		v.e.b.mu.Unlock()
	}
	enc := must[*ivsrealtime.ListEncoderConfigurationsOutput](t)(v.c.ListEncoderConfigurations(v.ctx, &ivsrealtime.ListEncoderConfigurationsInput{}))
	equal(t, "default ListEncoderConfigurations page", len(enc.EncoderConfigurations), 100)
}

func TestParticipantAndEventPaging(t *testing.T) {
	v := startFast(t)
	st := aws.ToString(v.stage("paged").Arn)
	var pids []string
	var sess string
	for i := range 10 {
		j := v.join(st, fmt.Sprintf("user-%d", i))
		pids = append(pids, j.ParticipantID)
		sess = j.SessionID
		if i%2 == 0 {
			noErr(t, v.e.Publish(st, j.ParticipantID))
		}
		v.clock.Advance(time.Second)
	}
	var published []string
	p := ivsrealtime.NewListParticipantsPaginator(v.c, &ivsrealtime.ListParticipantsInput{
		StageArn: aws.String(st), SessionId: aws.String(sess), FilterByPublished: true, MaxResults: aws.Int32(2)})
	pages := 0
	for p.HasMorePages() {
		out := must[*ivsrealtime.ListParticipantsOutput](t)(p.NextPage(v.ctx))
		pages++
		for _, x := range out.Participants {
			published = append(published, aws.ToString(x.ParticipantId))
		}
	}
	equalSlices(t, "published participants", published, []string{pids[0], pids[2], pids[4], pids[6], pids[8]})
	equal(t, "pages", pages, 3)

	// A publisher with many subscribers has a long, time-ordered event list.
	for _, sub := range pids[1:] {
		if err := v.e.Subscribe(st, sub, pids[0]); err != nil {
			t.Fatal(err)
		}
		v.clock.Advance(time.Millisecond)
	}
	noErr(t, v.e.Leave(st, pids[0]))
	var times []time.Time
	ep := ivsrealtime.NewListParticipantEventsPaginator(v.c, &ivsrealtime.ListParticipantEventsInput{
		StageArn: aws.String(st), SessionId: aws.String(sess), ParticipantId: aws.String(pids[3]), MaxResults: aws.Int32(1)})
	var names []string
	for ep.HasMorePages() {
		out := must[*ivsrealtime.ListParticipantEventsOutput](t)(ep.NextPage(v.ctx))
		for _, e := range out.Events {
			names = append(names, string(e.Name))
			times = append(times, aws.ToTime(e.EventTime))
		}
	}
	equalSlices(t, "subscriber events", names, []string{"JOINED", "SUBSCRIBE_STARTED", "SUBSCRIBE_STOPPED"})
	for i := 1; i < len(times); i++ {
		if times[i].Before(times[i-1]) {
			t.Fatalf("events out of time order: %v", times)
		}
	}
}
