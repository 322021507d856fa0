package service_test

// Integration tests: the service client against the emulator over loopback,
// through the real aws-sdk-go-v2 client. No mocks of the SDK.

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/emulator"
	"github.com/ivsdash/ivsdash/service/ivs"
)

// generous is a budget that never waits: the emulator runs without throttling.
var generous = budget.Config{Unlimited: true}

func startEmulator(t testing.TB, opts emulator.Options) *emulator.Emulator {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	e, err := emulator.Start(ctx, "127.0.0.1:0", opts)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		_ = e.Close()
	})
	return e
}

func fastEmulator(t testing.TB) (*emulator.Emulator, *service.Client) {
	t.Helper()
	e := startEmulator(t, emulator.Options{NoThrottle: true, CompositionStartDelay: 50 * time.Millisecond, CompositionStopDelay: 50 * time.Millisecond})
	return e, service.NewForEndpoint(e.URL(), "", generous)
}

func ctxT(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// get fails the test on err and returns v: get(c.GetStage(ctx, arn))(t).
func get[T any](v T, err error) func(testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		ok(t, err)
		return v
	}
}

func ok(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		e := service.Classify(err)
		t.Fatalf("%v\n  human: %s\n  hint: %s", err, e.Human(), e.Hint())
	}
}

// wantKind checks the class of err and that Human carries the exceptionMessage.
func wantKind(t testing.TB, err error, k service.Kind) *service.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %v", k)
	}
	e := service.Classify(err)
	if e.Kind != k {
		t.Fatalf("kind %v, want %v: %v", e.Kind, k, err)
	}
	if !errors.Is(err, k) {
		t.Errorf("errors.Is(err, %v) is false", k)
	}
	if e.Message != "" && !strings.Contains(e.Human(), e.Message) {
		t.Errorf("Human() %q lacks the message %q", e.Human(), e.Message)
	}
	if e.Hint() == "" && k != service.Canceled && k != service.Unknown {
		t.Errorf("%v has no hint", k)
	}
	return e
}

func TestStagesAndTags(t *testing.T) {
	e, c := fastEmulator(t)
	ctx := ctxT(t)

	st, tokens := created(c.CreateStage(ctx, service.CreateStageRequest{
		Name: "main-broadcast",
		Tags: map[string]string{"team": "live"},
		Tokens: []service.TokenRequest{
			{UserID: "host", Capabilities: []string{service.CapabilityPublish, service.CapabilitySubscribe}, DurationMinutes: 60},
			{UserID: "viewer", Capabilities: []string{service.CapabilitySubscribe}},
		},
	}))(t)
	if !strings.HasPrefix(st.ARN, "arn:aws:ivs:us-east-1:") || st.ID == "" || !strings.HasSuffix(st.ARN, "/"+st.ID) || st.Name != "main-broadcast" {
		t.Errorf("stage %+v", st)
	}
	if st.Endpoints.WHIP == "" || st.Endpoints.Events == "" || st.Tags["team"] != "live" {
		t.Errorf("stage endpoints or tags missing: %+v", st)
	}
	if len(tokens) != 2 || tokens[0].Token.IsZero() || tokens[0].ParticipantID == "" || tokens[0].UserID != "host" ||
		tokens[0].DurationMinutes != 60 || tokens[0].Expiration.IsZero() || tokens[1].UserID != "viewer" {
		t.Errorf("tokens %+v", tokens)
	}
	if s := fmt.Sprint(tokens[0]); strings.Contains(s, tokens[0].Token.Reveal()) {
		t.Error("a printed token shows the secret")
	}

	got := get(c.GetStage(ctx, st.ARN))(t)
	if got.ARN != st.ARN || got.Endpoints != st.Endpoints || got.AutoRecording.Enabled() {
		t.Errorf("GetStage %+v", got)
	}

	name := "renamed"
	up := get(c.UpdateStage(ctx, service.UpdateStageRequest{ARN: st.ARN, Name: &name}))(t)
	if up.Name != "renamed" {
		t.Errorf("UpdateStage %+v", up)
	}

	page := get(c.ListStages(ctx, service.PageRequest{Max: 10}))(t)
	if len(page.Items) != 1 || page.Items[0].Name != "renamed" || page.NextToken != "" {
		t.Errorf("ListStages %+v", page)
	}
	all := get(c.AllStages(ctx))(t)
	if len(all) != 1 || all[0].ARN != st.ARN {
		t.Errorf("AllStages %+v", all)
	}

	ok(t, c.TagResource(ctx, st.ARN, map[string]string{"env": "prod", "owner": "ana"}))
	ok(t, c.UntagResource(ctx, st.ARN, []string{"owner"}))
	tags := get(c.ListTags(ctx, st.ARN))(t)
	if len(tags) != 2 || tags["team"] != "live" || tags["env"] != "prod" {
		t.Errorf("tags %v", tags)
	}

	ok(t, c.DeleteStage(ctx, st.ARN))
	_, err := c.GetStage(ctx, st.ARN)
	nf := wantKind(t, err, service.NotFound)
	if nf.Op != "GetStage" || nf.Status != 404 || nf.RequestID == "" || nf.Message == "" {
		t.Errorf("not found error %+v", nf)
	}
	_, err = c.ListTags(ctx, st.ARN)
	wantKind(t, err, service.NotFound)

	if n := e.Operations()["CreateStage"]; n != 1 {
		t.Errorf("emulator served CreateStage %d times", n)
	}
}

func TestSessionsParticipantsEventsTokens(t *testing.T) {
	e, c := fastEmulator(t)
	ctx := ctxT(t)
	st, _ := created(c.CreateStage(ctx, service.CreateStageRequest{Name: "standup"}))(t)

	host := get(c.CreateParticipantToken(ctx, service.TokenRequest{StageARN: st.ARN, UserID: "host",
		Attributes: map[string]string{"role": "host"}, Capabilities: []string{"PUBLISH", "SUBSCRIBE"}}))(t)
	viewer := get(c.CreateParticipantToken(ctx, service.TokenRequest{StageARN: st.ARN, UserID: "viewer",
		Capabilities: []string{"SUBSCRIBE"}, DurationMinutes: 30}))(t)
	if host.Token.IsZero() || host.ParticipantID == "" || host.Attributes["role"] != "host" || host.DurationMinutes != service.DefaultTokenDurationMinutes {
		t.Errorf("host token %+v", host)
	}
	if viewer.DurationMinutes != 30 || !slices.Equal(viewer.Capabilities, []string{"SUBSCRIBE"}) {
		t.Errorf("viewer token %+v", viewer)
	}

	hj := get(e.Join(host.Token.Reveal()))(t)
	vj := get(e.Join(viewer.Token.Reveal()))(t)
	if hj.SessionID == "" || hj.SessionID != vj.SessionID || hj.StageARN != st.ARN {
		t.Fatalf("joins %+v %+v", hj, vj)
	}
	ok(t, e.Publish(st.ARN, hj.ParticipantID))
	ok(t, e.Subscribe(st.ARN, vj.ParticipantID, hj.ParticipantID))
	ok(t, e.RecordError(st.ARN, hj.ParticipantID, "PUBLISH_ERROR", "BITRATE_EXCEEDED"))

	stage := get(c.GetStage(ctx, st.ARN))(t)
	if stage.ActiveSessionID != hj.SessionID {
		t.Errorf("active session %q, want %q", stage.ActiveSessionID, hj.SessionID)
	}
	sessions := get(c.ListStageSessions(ctx, st.ARN, service.PageRequest{}))(t)
	if len(sessions.Items) != 1 || sessions.Items[0].ID != hj.SessionID || !sessions.Items[0].Live() || sessions.Items[0].Start.IsZero() {
		t.Errorf("sessions %+v", sessions)
	}
	allSessions := get(c.AllStageSessions(ctx, st.ARN))(t)
	if len(allSessions) != 1 {
		t.Errorf("AllStageSessions %+v", allSessions)
	}
	sess := get(c.GetStageSession(ctx, st.ARN, hj.SessionID))(t)
	if sess.ID != hj.SessionID || !sess.Live() || sess.Duration(time.Now()) < 0 {
		t.Errorf("GetStageSession %+v", sess)
	}

	parts := get(c.ListParticipants(ctx, st.ARN, hj.SessionID, service.ParticipantFilter{}, service.PageRequest{}))(t)
	if len(parts.Items) != 2 {
		t.Fatalf("participants %+v", parts)
	}
	yes := true
	pub := get(c.ListParticipants(ctx, st.ARN, hj.SessionID, service.ParticipantFilter{Published: &yes}, service.PageRequest{Max: 5}))(t)
	if len(pub.Items) != 1 || pub.Items[0].ID != hj.ParticipantID || !pub.Items[0].Published || pub.Items[0].FirstJoin.IsZero() {
		t.Errorf("published filter %+v", pub)
	}
	byUser := get(c.AllParticipants(ctx, st.ARN, hj.SessionID, service.ParticipantFilter{UserID: "viewer"}))(t)
	if len(byUser) != 1 || byUser[0].ID != vj.ParticipantID {
		t.Errorf("user filter %+v", byUser)
	}
	no := false
	notPub := get(c.AllParticipants(ctx, st.ARN, hj.SessionID, service.ParticipantFilter{Published: &no}))(t)
	if len(notPub) != 1 || notPub[0].ID != vj.ParticipantID {
		t.Errorf("published=false (client-side) %+v", notPub)
	}
	_, err := c.ListParticipants(ctx, st.ARN, hj.SessionID, service.ParticipantFilter{UserID: "a", State: "CONNECTED"}, service.PageRequest{})
	wantKind(t, err, service.Validation)

	p := get(c.GetParticipant(ctx, st.ARN, hj.SessionID, hj.ParticipantID))(t)
	if p.ID != hj.ParticipantID || p.UserID != "host" || !p.Connected() || !p.Published || p.Attributes["role"] != "host" || p.Protocol == "" {
		t.Errorf("GetParticipant %+v", p)
	}

	events := get(c.ListParticipantEvents(ctx, st.ARN, hj.SessionID, hj.ParticipantID, service.PageRequest{}))(t)
	names := eventNames(events.Items)
	for _, want := range []string{"JOINED", "PUBLISH_STARTED", "PUBLISH_ERROR"} {
		if !slices.Contains(names, want) {
			t.Errorf("host events %v lack %s", names, want)
		}
	}
	for i := 1; i < len(events.Items); i++ {
		if events.Items[i].Time.Before(events.Items[i-1].Time) {
			t.Errorf("events out of time order: %v", names)
		}
	}
	for _, ev := range events.Items {
		if ev.Name == "PUBLISH_ERROR" && (ev.ErrorCode != "BITRATE_EXCEEDED" || !ev.IsError()) {
			t.Errorf("error event %+v", ev)
		}
	}
	vev := get(c.AllParticipantEvents(ctx, st.ARN, hj.SessionID, vj.ParticipantID))(t)
	var sub *service.Event
	for i := range vev {
		if vev[i].Name == "SUBSCRIBE_STARTED" {
			sub = &vev[i]
		}
	}
	if sub == nil || sub.RemoteParticipantID != hj.ParticipantID {
		t.Errorf("viewer events %+v", vev)
	}

	ok(t, c.DisconnectParticipant(ctx, st.ARN, vj.ParticipantID, "testing"))
	gone := get(c.GetParticipant(ctx, st.ARN, hj.SessionID, vj.ParticipantID))(t)
	if gone.State != service.StateDisconnected {
		t.Errorf("after disconnect: %+v", gone)
	}
	ok(t, e.Leave(st.ARN, hj.ParticipantID))
	ended := get(c.GetStageSession(ctx, st.ARN, hj.SessionID))(t)
	if ended.Live() || ended.End.Before(ended.Start) {
		t.Errorf("session after everyone left %+v", ended)
	}

	_, err = c.GetParticipant(ctx, st.ARN, hj.SessionID, "nosuchparticipant")
	wantKind(t, err, service.NotFound)
	_, err = c.CreateParticipantToken(ctx, service.TokenRequest{StageARN: st.ARN, DurationMinutes: 99999})
	wantKind(t, err, service.Validation)
}

// deleteStorageWhenFree deletes a storage configuration once its stopped
// composition lets go of it (a 409 until then; the emulator takes a moment).
func deleteStorageWhenFree(t *testing.T, c *service.Client, arn string) {
	t.Helper()
	ctx := ctxT(t)
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := c.DeleteStorageConfiguration(ctx, arn)
		if err == nil {
			return
		}
		if !service.IsConflict(err) || time.Now().After(deadline) {
			t.Fatalf("DeleteStorageConfiguration after the composition stopped: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func eventNames(evs []service.Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Name)
	}
	return out
}

func TestCompositionsEncodersStorage(t *testing.T) {
	_, c := fastEmulator(t)
	ctx := ctxT(t)
	st, _ := created(c.CreateStage(ctx, service.CreateStageRequest{Name: "show"}))(t)

	enc := get(c.CreateEncoderConfiguration(ctx, "hd", service.Video{Width: 1280, Height: 720, Bitrate: 2_500_000, Framerate: 30}, map[string]string{"k": "v"}))(t)
	if enc.ARN == "" || enc.Name != "hd" || enc.Video.Width != 1280 || enc.Video.Framerate != 30 || enc.Tags["k"] != "v" {
		t.Errorf("encoder %+v", enc)
	}
	if g := get(c.GetEncoderConfiguration(ctx, enc.ARN))(t); g.Video != enc.Video {
		t.Errorf("GetEncoderConfiguration %+v", g)
	}
	if l := get(c.ListEncoderConfigurations(ctx, service.PageRequest{}))(t); len(l.Items) != 1 || l.Items[0].ARN != enc.ARN {
		t.Errorf("ListEncoderConfigurations %+v", l)
	}
	if a := get(c.AllEncoderConfigurations(ctx))(t); len(a) != 1 {
		t.Errorf("AllEncoderConfigurations %+v", a)
	}
	_, err := c.CreateEncoderConfiguration(ctx, "huge", service.Video{Width: 3840, Height: 2160}, nil)
	wantKind(t, err, service.Validation)

	sto := get(c.CreateStorageConfiguration(ctx, "recordings", "my-bucket", nil))(t)
	if sto.ARN == "" || sto.Bucket != "my-bucket" || sto.Name != "recordings" {
		t.Errorf("storage %+v", sto)
	}
	if g := get(c.GetStorageConfiguration(ctx, sto.ARN))(t); g.Bucket != "my-bucket" {
		t.Errorf("GetStorageConfiguration %+v", g)
	}
	if l := get(c.ListStorageConfigurations(ctx, service.PageRequest{Max: 1}))(t); len(l.Items) != 1 {
		t.Errorf("ListStorageConfigurations %+v", l)
	}
	if a := get(c.AllStorageConfigurations(ctx))(t); len(a) != 1 || a[0].Bucket != "my-bucket" {
		t.Errorf("AllStorageConfigurations %+v", a)
	}

	comp := get(c.StartComposition(ctx, service.StartCompositionRequest{
		StageARN: st.ARN,
		Layout:   service.Layout{Grid: &service.GridLayout{GridGap: 4, VideoFillMode: "COVER"}},
		Destinations: []service.Destination{{Name: "rec", S3: &service.S3Destination{
			StorageConfigurationARN: sto.ARN, EncoderConfigurationARNs: []string{enc.ARN},
		}}},
		Tags: map[string]string{"show": "yes"},
	}))(t)
	if comp.ARN == "" || comp.StageARN != st.ARN || comp.State == "" || len(comp.Destinations) != 1 || comp.Destinations[0].S3 == nil {
		t.Errorf("StartComposition %+v", comp)
	}
	got := get(c.GetComposition(ctx, comp.ARN))(t)
	if got.Layout.Grid == nil || got.Layout.Grid.GridGap != 4 || got.Destinations[0].S3.StorageConfigurationARN != sto.ARN {
		t.Errorf("GetComposition %+v", got)
	}
	list := get(c.ListCompositions(ctx, service.CompositionFilter{StageARN: st.ARN}, service.PageRequest{}))(t)
	if len(list.Items) != 1 || list.Items[0].ARN != comp.ARN || list.Items[0].Start.IsZero() {
		t.Errorf("ListCompositions %+v", list)
	}
	if a := get(c.AllCompositions(ctx, service.CompositionFilter{EncoderConfigurationARN: enc.ARN}))(t); len(a) != 1 {
		t.Errorf("AllCompositions by encoder %+v", a)
	}

	// In use by a running composition: 409.
	wantKind(t, c.DeleteStorageConfiguration(ctx, sto.ARN), service.Conflict)
	wantKind(t, c.DeleteEncoderConfiguration(ctx, enc.ARN), service.Conflict)

	ok(t, c.StopComposition(ctx, comp.ARN))
	deleteStorageWhenFree(t, c, sto.ARN)
	ok(t, c.DeleteEncoderConfiguration(ctx, enc.ARN))
	_, err = c.GetStorageConfiguration(ctx, sto.ARN)
	wantKind(t, err, service.NotFound)

	_, err = c.StartComposition(ctx, service.StartCompositionRequest{StageARN: st.ARN,
		Layout:       service.Layout{Grid: &service.GridLayout{}, PiP: &service.PiPLayout{}},
		Destinations: []service.Destination{{S3: &service.S3Destination{StorageConfigurationARN: sto.ARN}}}})
	wantKind(t, err, service.Validation)
}

func TestIngestConfigurations(t *testing.T) {
	_, c := fastEmulator(t)
	ctx := ctxT(t)
	st, _ := created(c.CreateStage(ctx, service.CreateStageRequest{Name: "ingest"}))(t)

	ing := get(c.CreateIngestConfiguration(ctx, service.CreateIngestRequest{
		Name: "obs", Protocol: "RTMPS", StageARN: st.ARN, UserID: "encoder-1", Attributes: map[string]string{"src": "obs"},
	}))(t)
	if ing.ARN == "" || ing.Protocol != "RTMPS" || ing.StageARN != st.ARN || ing.StreamKey.IsZero() || ing.ParticipantID == "" || ing.State != "INACTIVE" {
		t.Errorf("ingest %+v", ing)
	}
	if strings.Contains(fmt.Sprintf("%v %+v", ing, ing), ing.StreamKey.Reveal()) {
		t.Error("a printed ingest configuration shows the stream key")
	}
	got := get(c.GetIngestConfiguration(ctx, ing.ARN))(t)
	if got.StreamKey != ing.StreamKey || got.Attributes["src"] != "obs" {
		t.Errorf("GetIngestConfiguration %+v", got)
	}
	list := get(c.ListIngestConfigurations(ctx, service.IngestFilter{StageARN: st.ARN}, service.PageRequest{}))(t)
	if len(list.Items) != 1 || !list.Items[0].StreamKey.IsZero() {
		t.Errorf("ListIngestConfigurations %+v", list)
	}
	if a := get(c.AllIngestConfigurations(ctx, service.IngestFilter{State: "INACTIVE"}))(t); len(a) != 1 {
		t.Errorf("AllIngestConfigurations %+v", a)
	}
	_, err := c.ListIngestConfigurations(ctx, service.IngestFilter{StageARN: st.ARN, State: "ACTIVE"}, service.PageRequest{})
	wantKind(t, err, service.Validation)

	up := get(c.UpdateIngestConfiguration(ctx, ing.ARN, ""))(t)
	if up.StageARN != "" {
		t.Errorf("detached ingest %+v", up)
	}
	ok(t, c.DeleteIngestConfiguration(ctx, ing.ARN, false))
	_, err = c.GetIngestConfiguration(ctx, ing.ARN)
	wantKind(t, err, service.NotFound)

	_, err = c.CreateIngestConfiguration(ctx, service.CreateIngestRequest{Protocol: "RTMP"})
	wantKind(t, err, service.Validation)
	rtmp := get(c.CreateIngestConfiguration(ctx, service.CreateIngestRequest{Protocol: "RTMP", InsecureIngest: true}))(t)
	ok(t, c.DeleteIngestConfiguration(ctx, rtmp.ARN, true))
}

func publicKeyPEM(t testing.TB) string {
	t.Helper()
	k := get(ecdsa.GenerateKey(elliptic.P384(), rand.Reader))(t)
	der := get(x509.MarshalPKIXPublicKey(&k.PublicKey))(t)
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

func TestPublicKeysAndQuota(t *testing.T) {
	_, c := fastEmulator(t)
	ctx := ctxT(t)
	var arns []string
	for i := range 3 {
		k := get(c.ImportPublicKey(ctx, fmt.Sprintf("key-%d", i), publicKeyPEM(t), map[string]string{"i": fmt.Sprint(i)}))(t)
		if k.ARN == "" || k.Fingerprint == "" || k.Name != fmt.Sprintf("key-%d", i) {
			t.Errorf("imported %+v", k)
		}
		arns = append(arns, k.ARN)
	}
	_, err := c.ImportPublicKey(ctx, "key-3", publicKeyPEM(t), nil)
	q := wantKind(t, err, service.QuotaExceeded)
	if q.Status != 402 || q.Code != "ServiceQuotaExceededException" {
		t.Errorf("quota error %+v", q)
	}
	_, err = c.ImportPublicKey(ctx, "bad", "not a pem", nil)
	wantKind(t, err, service.Validation)

	got := get(c.GetPublicKey(ctx, arns[0]))(t)
	if !strings.Contains(got.PEM, "PUBLIC KEY") || got.Fingerprint == "" {
		t.Errorf("GetPublicKey %+v", got)
	}
	page := get(c.ListPublicKeys(ctx, service.PageRequest{Max: 2}))(t)
	if len(page.Items) != 2 || page.NextToken == "" || page.Items[0].PEM != "" {
		t.Errorf("ListPublicKeys page 1 %+v", page)
	}
	page2 := get(c.ListPublicKeys(ctx, service.PageRequest{Max: 2, Token: page.NextToken}))(t)
	if len(page2.Items) != 1 || page2.NextToken != "" {
		t.Errorf("ListPublicKeys page 2 %+v", page2)
	}
	if all := get(c.AllPublicKeys(ctx))(t); len(all) != 3 {
		t.Errorf("AllPublicKeys %d", len(all))
	}
	ok(t, c.DeletePublicKey(ctx, arns[0]))
	_, err = c.GetPublicKey(ctx, arns[0])
	wantKind(t, err, service.NotFound)
}

func TestReplication(t *testing.T) {
	e, c := fastEmulator(t)
	ctx := ctxT(t)
	src, _ := created(c.CreateStage(ctx, service.CreateStageRequest{Name: "source"}))(t)
	dst, _ := created(c.CreateStage(ctx, service.CreateStageRequest{Name: "destination"}))(t)
	tok := get(c.CreateParticipantToken(ctx, service.TokenRequest{StageARN: src.ARN, UserID: "guest"}))(t)
	j := get(e.Join(tok.Token.Reveal()))(t)
	ok(t, e.Publish(src.ARN, j.ParticipantID))

	ok(t, c.StartParticipantReplication(ctx, service.StartReplicationRequest{
		SourceStageARN: src.ARN, DestinationStageARN: dst.ARN, ParticipantID: j.ParticipantID, ReconnectWindowSeconds: 30,
	}))
	reps := get(c.ListParticipantReplicas(ctx, src.ARN, j.ParticipantID, service.PageRequest{}))(t)
	if len(reps.Items) != 1 || reps.Items[0].DestinationStageARN != dst.ARN || reps.Items[0].ParticipantID != j.ParticipantID {
		t.Errorf("replicas %+v", reps)
	}
	if all := get(c.AllParticipantReplicas(ctx, src.ARN, j.ParticipantID))(t); len(all) != 1 {
		t.Errorf("AllParticipantReplicas %+v", all)
	}
	ok(t, c.StopParticipantReplication(ctx, src.ARN, dst.ARN, j.ParticipantID))
}

// TestAllHelpersWalkEveryPage: 120 stages in pages of 50 are 3 pages, and
// AllStages finds each stage exactly once.
func TestAllHelpersWalkEveryPage(t *testing.T) {
	e, c := fastEmulator(t)
	ctx := ctxT(t)
	want := map[string]bool{}
	for i := range 120 {
		st, _ := created(c.CreateStage(ctx, service.CreateStageRequest{Name: fmt.Sprintf("stage-%03d", i)}))(t)
		want[st.ARN] = true
	}
	seen := map[string]bool{}
	pages := 0
	req := service.PageRequest{Max: 50}
	for {
		p := get(c.ListStages(ctx, req))(t)
		pages++
		for _, s := range p.Items {
			if seen[s.ARN] {
				t.Errorf("stage %s listed twice", s.Name)
			}
			seen[s.ARN] = true
		}
		if p.NextToken == "" {
			break
		}
		req.Token = p.NextToken
		if pages > 10 {
			t.Fatal("paging does not end")
		}
	}
	if pages != 3 || len(seen) != 120 {
		t.Errorf("%d pages, %d stages; want 3 and 120", pages, len(seen))
	}

	before := e.Operations()["ListStages"]
	all := get(c.AllStages(ctx))(t)
	calls := e.Operations()["ListStages"] - before
	if len(all) != 120 {
		t.Errorf("AllStages: %d stages", len(all))
	}
	dup := map[string]bool{}
	for _, s := range all {
		if dup[s.ARN] || !want[s.ARN] {
			t.Errorf("AllStages: %s duplicated or unknown", s.ARN)
		}
		dup[s.ARN] = true
	}
	if calls != 2 {
		t.Errorf("AllStages made %d ListStages calls, want 2 (pages of 100)", calls)
	}
	if u := c.Usage(); u.Busiest != "CreateStage" || u.BusiestCalls != 120 {
		t.Errorf("usage %+v", u)
	}

	_, err := c.ListStages(ctx, service.PageRequest{Token: "forged-token"})
	wantKind(t, err, service.Validation)
	_, err = c.ListStages(ctx, service.PageRequest{Max: 101})
	wantKind(t, err, service.Validation)
}

func TestErrorKindsFromTheEmulator(t *testing.T) {
	_, c := fastEmulator(t)
	ctx := ctxT(t)

	_, err := c.GetStage(ctx, "arn:aws:ivs:us-east-1:123456789012:stage/doesnotexist1")
	wantKind(t, err, service.NotFound)

	_, _, err = c.CreateStage(ctx, service.CreateStageRequest{Name: "no spaces allowed!"})
	v := wantKind(t, err, service.Validation)
	if v.Code != "ValidationException" || v.Status != 400 || !strings.Contains(v.Human(), v.Message) || v.Message == "" {
		t.Errorf("validation error %+v", v)
	}

	_, err = c.GetStage(ctx, "")
	wantKind(t, err, service.Validation)

	canceled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = c.GetStage(canceled, "arn:aws:ivs:us-east-1:123456789012:stage/abc")
	wantKind(t, err, service.Canceled)
}

func TestNetworkErrorOnAClosedPort(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c := service.NewForEndpoint("http://"+addr, "", generous)
	_, err = c.ListStages(ctxT(t), service.PageRequest{})
	e := wantKind(t, err, service.Network)
	if !strings.Contains(e.Human(), "refused") || !strings.Contains(e.Hint(), "--demo") {
		t.Errorf("network error %q / %q", e.Human(), e.Hint())
	}
}

func TestTimeoutWithATinyTimeout(t *testing.T) {
	e := startEmulator(t, emulator.Options{NoThrottle: true})
	t.Setenv("AWS_CONFIG_FILE", t.TempDir()+"/none")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", t.TempDir()+"/none")
	c, err := service.New(ctxT(t), service.Options{Region: "us-east-1", EndpointURL: e.URL(), Budget: generous,
		Timeout: time.Microsecond, StaticCredentials: staticCreds()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListStages(ctxT(t), service.PageRequest{})
	wantKind(t, err, service.Timeout)

	// A caller's deadline that passes while waiting for the budget is a Timeout too.
	slow := service.NewForEndpoint(e.URL(), "", budget.Config{Fraction: 0.01, Burst: 1})
	_, _ = slow.ListStages(ctxT(t), service.PageRequest{})
	short, cancel := context.WithTimeout(ctxT(t), 100*time.Millisecond)
	defer cancel()
	_, err = slow.ListStages(short, service.PageRequest{})
	if w := wantKind(t, err, service.Timeout); !strings.Contains(w.Message, "budget") {
		t.Errorf("budget wait timeout %q", w.Message)
	}
}

// TestBudgetLimitsTheRate: at 5 calls/s with a burst of 2, 10 calls need at
// least 8/5 = 1.6 s. Only a lower bound: a slow machine takes longer.
func TestBudgetLimitsTheRate(t *testing.T) {
	e := startEmulator(t, emulator.Options{NoThrottle: true})
	setup := service.NewForEndpoint(e.URL(), "", generous)
	ctx := ctxT(t)
	st, _ := created(setup.CreateStage(ctx, service.CreateStageRequest{Name: "budget"}))(t)

	c := service.NewForEndpoint(e.URL(), "", budget.Config{Groups: map[ivs.Group]float64{ivs.GroupStage: 1}, Burst: 2})
	start := time.Now()
	for range 10 {
		get(c.GetStage(ctx, st.ARN))(t)
	}
	elapsed := time.Since(start)
	if elapsed < 1500*time.Millisecond {
		t.Errorf("10 calls at 5/s (burst 2) took %v, want >= ~1.6s", elapsed)
	}
	t.Logf("10 GetStage at 5/s, burst 2: %v", elapsed)
	u := c.Usage()
	if u.Calls != 10 || u.Groups[0].Group != ivs.GroupStage || u.Groups[0].Calls != 10 || u.Busiest != "GetStage" ||
		u.AllowedPerMinute != 300 || u.Throttled != 0 || u.BackingOff {
		t.Errorf("usage %+v", u)
	}

	// The default budget is 1 call/s per stage operation: the same 10 calls
	// would take 8 s, so check only the configured numbers.
	d := service.NewForEndpoint(e.URL(), "", budget.Config{})
	if u := d.Usage(); u.Groups[0].ConfiguredPerMinute != 60 || u.Groups[1].ConfiguredPerMinute != 600 {
		t.Errorf("default budget %+v", u.Groups)
	}
}

// TestThrottlingFromTheEmulator: a client with no budget against an emulator
// with the AWS quotas on gets 429s, classified Throttled and counted in Usage.
func TestThrottlingFromTheEmulator(t *testing.T) {
	e := startEmulator(t, emulator.Options{})
	ctx, stop := context.WithCancel(ctxT(t))
	defer stop()
	// A long fixed backoff, so Usage still shows it when checked below.
	c := service.NewForEndpoint(e.URL(), "", budget.Config{Unlimited: true, ThrottleRetries: -1,
		BackoffBase: 10 * time.Second, BackoffMax: 10 * time.Second})
	arn := "arn:aws:ivs:us-east-1:123456789012:stage/abcdefghijkl"

	var (
		mu        sync.Mutex
		throttled *service.Error
		wg        sync.WaitGroup
	)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				_, err := c.GetStage(ctx, arn)
				switch {
				case service.IsThrottled(err):
					mu.Lock()
					if throttled == nil {
						throttled = service.Classify(err)
					}
					mu.Unlock()
					stop() // the others stop waiting out the backoff
					return
				case service.IsCanceled(err):
					return
				case !service.IsNotFound(err):
					t.Errorf("unexpected: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if throttled == nil {
		t.Fatal("40 GetStage calls at once were never throttled (quota 5/s)")
	}
	if throttled.Status != 429 || throttled.Op != "GetStage" || throttled.RetryAfter <= 0 ||
		!strings.Contains(throttled.Hint(), "rate") || !strings.Contains(throttled.Human(), "Rate exceeded") {
		t.Errorf("throttled error %+v: %s", throttled, throttled.Human())
	}
	u := c.Usage()
	if u.Throttled == 0 || u.Groups[0].Throttled != u.Throttled || !u.BackingOff || time.Until(u.BackoffUntil) <= 0 ||
		u.Groups[0].AllowedPerMinute >= u.Groups[0].ConfiguredPerMinute {
		t.Errorf("usage after throttling %+v", u)
	}
	t.Logf("usage: %d calls, %d throttled, backing off for %v more", u.Calls, u.Throttled, time.Until(u.BackoffUntil).Round(time.Millisecond))
}

// TestEveryOperationReachesTheEmulator runs the whole surface once on one
// emulator and checks that all 39 operations were served.
func TestEveryOperationReachesTheEmulator(t *testing.T) {
	e, c := fastEmulator(t)
	ctx := ctxT(t)
	st, _ := created(c.CreateStage(ctx, service.CreateStageRequest{Name: "all"}))(t)
	dst, _ := created(c.CreateStage(ctx, service.CreateStageRequest{Name: "all-dst"}))(t)
	tok := get(c.CreateParticipantToken(ctx, service.TokenRequest{StageARN: st.ARN}))(t)
	j := get(e.Join(tok.Token.Reveal()))(t)
	ok(t, e.Publish(st.ARN, j.ParticipantID))
	get(c.GetStage(ctx, st.ARN))(t)
	get(c.ListStages(ctx, service.PageRequest{}))(t)
	name := "all-renamed"
	get(c.UpdateStage(ctx, service.UpdateStageRequest{ARN: st.ARN, Name: &name}))(t)
	get(c.ListStageSessions(ctx, st.ARN, service.PageRequest{}))(t)
	get(c.GetStageSession(ctx, st.ARN, j.SessionID))(t)
	get(c.ListParticipants(ctx, st.ARN, j.SessionID, service.ParticipantFilter{}, service.PageRequest{}))(t)
	get(c.GetParticipant(ctx, st.ARN, j.SessionID, j.ParticipantID))(t)
	get(c.ListParticipantEvents(ctx, st.ARN, j.SessionID, j.ParticipantID, service.PageRequest{}))(t)
	ok(t, c.StartParticipantReplication(ctx, service.StartReplicationRequest{SourceStageARN: st.ARN, DestinationStageARN: dst.ARN, ParticipantID: j.ParticipantID}))
	get(c.ListParticipantReplicas(ctx, st.ARN, j.ParticipantID, service.PageRequest{}))(t)
	ok(t, c.StopParticipantReplication(ctx, st.ARN, dst.ARN, j.ParticipantID))
	ok(t, c.DisconnectParticipant(ctx, st.ARN, j.ParticipantID, ""))

	enc := get(c.CreateEncoderConfiguration(ctx, "", service.Video{}, nil))(t)
	get(c.GetEncoderConfiguration(ctx, enc.ARN))(t)
	get(c.ListEncoderConfigurations(ctx, service.PageRequest{}))(t)
	sto := get(c.CreateStorageConfiguration(ctx, "", "bucket", nil))(t)
	get(c.GetStorageConfiguration(ctx, sto.ARN))(t)
	get(c.ListStorageConfigurations(ctx, service.PageRequest{}))(t)
	comp := get(c.StartComposition(ctx, service.StartCompositionRequest{StageARN: st.ARN,
		Destinations: []service.Destination{{S3: &service.S3Destination{StorageConfigurationARN: sto.ARN, EncoderConfigurationARNs: []string{enc.ARN}}}}}))(t)
	get(c.GetComposition(ctx, comp.ARN))(t)
	get(c.ListCompositions(ctx, service.CompositionFilter{}, service.PageRequest{}))(t)
	ok(t, c.StopComposition(ctx, comp.ARN))

	ing := get(c.CreateIngestConfiguration(ctx, service.CreateIngestRequest{Protocol: "RTMPS"}))(t)
	get(c.GetIngestConfiguration(ctx, ing.ARN))(t)
	get(c.ListIngestConfigurations(ctx, service.IngestFilter{}, service.PageRequest{}))(t)
	get(c.UpdateIngestConfiguration(ctx, ing.ARN, st.ARN))(t)
	ok(t, c.DeleteIngestConfiguration(ctx, ing.ARN, true))

	key := get(c.ImportPublicKey(ctx, "", publicKeyPEM(t), nil))(t)
	get(c.GetPublicKey(ctx, key.ARN))(t)
	get(c.ListPublicKeys(ctx, service.PageRequest{}))(t)
	ok(t, c.DeletePublicKey(ctx, key.ARN))

	ok(t, c.TagResource(ctx, st.ARN, map[string]string{"a": "b"}))
	get(c.ListTags(ctx, st.ARN))(t)
	ok(t, c.UntagResource(ctx, st.ARN, []string{"a"}))

	deleteStorageWhenFree(t, c, sto.ARN)
	ok(t, c.DeleteEncoderConfiguration(ctx, enc.ARN))
	ok(t, c.DeleteStage(ctx, dst.ARN))
	ok(t, c.DeleteStage(ctx, st.ARN))

	served := e.Operations()
	var missing []string
	for _, op := range ivs.OperationNames() {
		if served[op] == 0 {
			missing = append(missing, op)
		}
	}
	if len(missing) > 0 {
		t.Errorf("operations never served: %v", missing)
	}
}

func BenchmarkGetStage(b *testing.B) {
	e := startEmulator(b, emulator.Options{NoThrottle: true})
	c := service.NewForEndpoint(e.URL(), "", generous)
	ctx := context.Background()
	st, _, err := c.CreateStage(ctx, service.CreateStageRequest{Name: "bench", Tags: map[string]string{"k": "v"}})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := c.GetStage(ctx, st.ARN); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetStageRawSDK is the same call on a bare ivsrealtime client: the
// difference with BenchmarkGetStage is what the service layer costs.
func BenchmarkGetStageRawSDK(b *testing.B) {
	e := startEmulator(b, emulator.Options{NoThrottle: true})
	c := service.NewForEndpoint(e.URL(), "", generous)
	ctx := context.Background()
	st, _, err := c.CreateStage(ctx, service.CreateStageRequest{Name: "bench", Tags: map[string]string{"k": "v"}})
	if err != nil {
		b.Fatal(err)
	}
	raw := ivsrealtime.New(ivsrealtime.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(e.URL()),
		Credentials:  credentials.NewStaticCredentialsProvider("AKID", "secret", ""),
	})
	in := &ivsrealtime.GetStageInput{Arn: aws.String(st.ARN)}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := raw.GetStage(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

// created unpacks CreateStage's three results like get.
func created(s service.Stage, toks []service.ParticipantToken, err error) func(testing.TB) (service.Stage, []service.ParticipantToken) {
	return func(t testing.TB) (service.Stage, []service.ParticipantToken) {
		t.Helper()
		ok(t, err)
		return s, toks
	}
}

func staticCreds() *aws.Credentials {
	return &aws.Credentials{AccessKeyID: "AKIDTEST", SecretAccessKey: "secret"}
}
