package emulator

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"math"
	mrand "math/rand/v2"
	"slices"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// The simulation is live traffic for the demo: a broadcast with hosts and
// viewers coming and going, a stand-up, recorded interviews, an RTMPS
// studio, a quiet room, a composition recording to S3, and now and then an
// error of each of the 14 codes the API documents (all of them within the
// first minute). It drives the backend through the same methods the wire
// and control endpoints use, with a random source seeded from Options.Seed,
// so a seed replays the same story; only the tick timing follows the wall
// clock.

type simStage struct {
	name string
	arn  string
	rec  bool
}

type simulation struct {
	b   *backend
	log func(msg string, args ...any)
	rng *mrand.Rand

	tick int

	main, quiet, standup, interviews, studio *simStage

	hosts, viewers, departed []string
	standupMembers           []string
	interviewees             []string
	nextHost, nextViewer     int
	standupSeats             int

	storageARN, encoderARN string
	compositionARN         string
	ingestKey, backupKey   string
	ingestPID, backupPID   string

	signKey *ecdsa.PrivateKey
	keyARN  string

	errorPlan []string

	// Scale (Options.Participants and Options.Stages): the crowd in the
	// broadcast's session, which keeps it live across shows.
	crowdSize, stageCount int
	crowd                 *crowd
}

const (
	showTicks       = 900 // the broadcast ends and restarts every 900 ticks (15 min at 1s)
	interviewCycle  = 180
	studioCycle     = 300
	errorPlanEvery  = 4
	randomErrorOdds = 0.03
)

// errorStory is the order the simulation plays the event error codes in
// during its first minute: every code that can happen that early
// (TestSimulationCoversTheScenario checks it against the catalogue,
// ivs.ErrorCodes). STREAM_DURATION_EXCEEDED cannot: it takes a publish of
// 24 hours (ivs.MaxStreamDuration), so only the later random errors,
// drawn from laterErrors, include it, and cause plays it only for a
// participant who has published that long.
var errorStory = []string{"INSUFFICIENT_CAPABILITIES", "QUOTA_EXCEEDED", "PUBLISHER_NOT_FOUND", "BITRATE_EXCEEDED",
	"RESOLUTION_EXCEEDED", "INVALID_AUDIO_CODEC", "INVALID_VIDEO_CODEC", "INVALID_PROTOCOL",
	"INVALID_STREAM_KEY", "REUSE_OF_STREAM_KEY", "B_FRAME_PRESENT", "INVALID_INPUT", "INTERNAL_SERVER_EXCEPTION"}

var laterErrors = append(slices.Clone(errorStory), "STREAM_DURATION_EXCEEDED")

var (
	hostNames = []string{"host-anna", "guest-李雷", "host-kwame", "guest-zoë 🎧", "guest-José-María", "mod-Ω", "guest-dave\u200b", "host-ingrid"}
	// standupNames: the first joins with a self-signed token.
	standupNames = []string{"alice (self-signed)", "bob", "chen", "dagný"}
)

func newSimulation(e *Emulator, seed int64) (*simulation, error) {
	s := &simulation{
		b:   e.b,
		log: func(msg string, args ...any) { e.log.Debug("simulation: "+msg, args...) },
		rng: mrand.New(mrand.NewPCG(uint64(seed), 0x5eed1e55)),

		crowdSize:  e.opts.Participants,
		stageCount: e.opts.Stages,
	}
	s.errorPlan = slices.Clone(errorStory)
	if err := s.setup(); err != nil {
		return nil, fmt.Errorf("emulator: set up the simulation: %w", err)
	}
	return s, nil
}

func (s *simulation) setup() error {
	storage, err := s.b.CreateStorageConfiguration("demo-recordings", "ivsdash-demo-recordings", map[string]string{"team": "video"})
	if err != nil {
		return err
	}
	s.storageARN = storage.Arn
	enc, err := s.b.CreateEncoderConfiguration("hd-720p30", videoOut{Width: ivs.DefaultVideoWidth, Height: ivs.DefaultVideoHeight, Framerate: ivs.DefaultVideoFramerate, Bitrate: ivs.DefaultVideoBitrate}, nil)
	if err != nil {
		return err
	}
	s.encoderARN = enc.Arn

	s.main = &simStage{name: "main-broadcast"}
	s.quiet = &simStage{name: "quiet-room"}
	s.standup = &simStage{name: "standup"}
	s.interviews = &simStage{name: "recorded-interviews", rec: true}
	s.studio = &simStage{name: "ingest-studio"}
	for _, st := range []*simStage{s.main, s.quiet, s.standup, s.interviews, s.studio} {
		if err := s.createStage(st); err != nil {
			return err
		}
	}

	ing, err := s.b.CreateIngestConfiguration(ingestSpec{name: "obs-studio", stageARN: s.studio.arn,
		protocol: "RTMPS", userID: "studio-encoder", attributes: map[string]string{"source": "obs"}})
	if err != nil {
		return err
	}
	s.ingestKey, s.ingestPID = ing.StreamKey, ing.ParticipantID
	backup, err := s.b.CreateIngestConfiguration(ingestSpec{name: "backup-encoder", stageARN: s.studio.arn,
		protocol: "RTMPS", userID: "backup-encoder"})
	if err != nil {
		return err
	}
	s.backupKey, s.backupPID = backup.StreamKey, backup.ParticipantID

	// A customer backend signing its own tokens: a P-384 key whose public
	// half is imported.
	key, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		return err
	}
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return err
	}
	material := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	_, fingerprint, err := parsePublicKey(material)
	if err != nil {
		return err
	}
	pk, err := s.b.ImportPublicKey("demo-backend-signer", material, &key.PublicKey, fingerprint, nil)
	if err != nil {
		return err
	}
	s.signKey = key
	s.keyARN = pk.Arn
	if err := s.addCrowd(); err != nil {
		return err
	}
	s.b.addStages(s.stageCount)
	s.step()
	return nil
}

// addCrowd generates the crowd of Options.Participants in the broadcast.
func (s *simulation) addCrowd() error {
	if s.crowdSize == 0 {
		return nil
	}
	c, err := s.b.addCrowd(s.main.arn, bigCrowd(s.crowdSize))
	if err != nil {
		return err
	}
	s.crowd = c
	return nil
}

func (s *simulation) createStage(st *simStage) error {
	rec := defaultAutoRec()
	if st.rec {
		rec.StorageConfigurationArn = s.storageARN
	}
	out, _, err := s.b.CreateStage(st.name, map[string]string{"env": "demo"}, rec, nil)
	if err != nil {
		return err
	}
	st.arn = out.Arn
	return nil
}

func (s *simulation) run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.step()
		}
	}
}

func (s *simulation) step() {
	s.tick++
	for _, st := range []*simStage{s.main, s.quiet, s.standup, s.interviews, s.studio} {
		s.ensureStage(st)
	}
	s.stepMain()
	s.stepCrowd()
	s.stepStandup()
	s.stepInterviews()
	s.stepStudio()
	s.stepComposition()
	s.stepErrors()
}

// ensureStage recreates a demo stage someone deleted from the dashboard.
func (s *simulation) ensureStage(st *simStage) {
	if _, err := s.b.GetStage(st.arn); err == nil {
		return
	}
	if err := s.createStage(st); err != nil {
		s.log("recreate stage", "stage", st.name, "error", err)
		return
	}
	switch st {
	case s.main:
		s.hosts, s.viewers = nil, nil
		if err := s.addCrowd(); err != nil {
			s.log("regenerate the crowd", "error", err)
		}
	case s.standup:
		s.standupMembers = nil
	case s.interviews:
		s.interviewees = nil
	case s.studio:
		for _, key := range []string{s.ingestKey, s.backupKey} {
			s.attachIngest(key, st.arn)
		}
	}
}

func (s *simulation) attachIngest(streamKey, stageARN string) {
	if arn := s.b.ingestARNByKey(streamKey); arn != "" {
		_, _ = s.b.UpdateIngestConfiguration(arn, stageARN)
	}
}

func (s *simulation) mint(st *simStage, userID string, caps []string, attrs map[string]string) (string, bool) {
	if caps == nil {
		caps = ivs.Capabilities
	}
	tok, err := s.b.CreateParticipantToken(st.arn, tokenSpec{userID: userID, capabilities: caps, attributes: attrs, minutes: ivs.DefaultTokenDurationMinutes})
	if err != nil {
		s.log("mint token", "error", err)
		return "", false
	}
	return tok.Token, true
}

func (s *simulation) joinNew(st *simStage, userID string, caps []string, attrs map[string]string) (string, bool) {
	tok, ok := s.mint(st, userID, caps, attrs)
	if !ok {
		return "", false
	}
	r, err := s.b.join(tok, ClientInfo{})
	if err != nil {
		s.log("join", "error", err)
		return "", false
	}
	return r.ParticipantID, true
}

// selfSigned makes a token the way a customer backend does with its own key.
func (s *simulation) selfSigned(st *simStage, userID string) (string, bool) {
	id := s.b.lockedNewID()
	stageID := st.arn[len(st.arn)-12:]
	claims := tokenClaims{
		RegisteredClaims: jwt.RegisteredClaims{ID: id, IssuedAt: jwt.NewNumericDate(s.b.now()), ExpiresAt: jwt.NewNumericDate(s.b.now().Add(time.Hour))},
		Resource:         st.arn,
		Topic:            stageID,
		EventsURL:        "wss://global.events.live-video.net",
		Capabilities:     &tokenCapabilities{AllowPublish: true, AllowSubscribe: true},
		Version:          "1.0",
		UserID:           userID,
		Attributes:       map[string]string{"signedBy": "demo-backend"},
	}
	t := jwt.NewWithClaims(jwt.SigningMethodES384, claims)
	t.Header["kid"] = s.keyARN
	signed, err := t.SignedString(s.signKey)
	if err != nil {
		return "", false
	}
	return signed, true
}

// keep drops ids the backend no longer has connected (someone disconnected
// them from the dashboard) when a call about them fails with a 404.
func keepOnError(list []string, id string, err error) []string {
	var e *Error
	if errors.As(err, &e) && e.Code == CodeNotFound && e.EventErrorCode == "" {
		return slices.DeleteFunc(list, func(x string) bool { return x == id })
	}
	return list
}

func (s *simulation) pick(list []string) (string, int) {
	if len(list) == 0 {
		return "", -1
	}
	i := s.rng.IntN(len(list))
	return list[i], i
}

func (s *simulation) stepMain() {
	st := s.main
	if s.tick%showTicks == 0 {
		// The show ends: everyone leaves, the session ends, the composition
		// idles out; the next show starts on the next tick.
		for _, id := range append(slices.Clone(s.hosts), s.viewers...) {
			_ = s.b.leave(st.arn, id)
		}
		s.departed = append(s.departed, s.hosts...)
		s.hosts, s.viewers = nil, nil
		return
	}
	if len(s.hosts) < 4 && (len(s.hosts) < 2 || s.rng.Float64() < 0.3) {
		name := hostNames[s.nextHost%len(hostNames)]
		s.nextHost++
		if pid, ok := s.joinNew(st, name, nil, map[string]string{"role": "host", "featured": fmt.Sprint(len(s.hosts) == 0)}); ok {
			if err := s.b.publish(st.arn, pid); err == nil {
				for _, other := range s.hosts {
					_ = s.b.subscribe(st.arn, pid, other)
					_ = s.b.subscribe(st.arn, other, pid)
				}
				for _, v := range s.viewers {
					if err := s.b.subscribe(st.arn, v, pid); err != nil {
						s.viewers = keepOnError(s.viewers, v, err)
					}
				}
			}
			s.hosts = append(s.hosts, pid)
		}
	}
	if len(s.hosts) > 2 && s.rng.Float64() < 0.01 {
		id, i := s.pick(s.hosts)
		_ = s.b.leave(st.arn, id)
		s.hosts = slices.Delete(s.hosts, i, i+1)
		s.departed = append(s.departed, id)
		if len(s.departed) > 20 {
			s.departed = s.departed[1:]
		}
	}
	target := 20 + int(15*(1+math.Sin(float64(s.tick)/45)))
	for range s.rng.IntN(4) {
		if len(s.viewers) >= target {
			break
		}
		s.nextViewer++
		name := fmt.Sprintf("viewer-%04d", s.nextViewer)
		if s.nextViewer%17 == 0 {
			name = fmt.Sprintf("vïewer-ß-%d", s.nextViewer)
		}
		pid, ok := s.joinNew(st, name, []string{"SUBSCRIBE"}, map[string]string{"role": "viewer"})
		if !ok {
			continue
		}
		s.viewers = append(s.viewers, pid)
		for _, h := range s.hosts {
			_ = s.b.subscribe(st.arn, pid, h)
		}
	}
	leaves := s.rng.IntN(3)
	if len(s.viewers) > target {
		leaves++
	}
	for range leaves {
		if len(s.viewers) < 5 {
			break
		}
		id, i := s.pick(s.viewers)
		_ = s.b.leave(st.arn, id)
		s.viewers = slices.Delete(s.viewers, i, i+1)
	}
}

func (s *simulation) stepStandup() {
	st := s.standup
	if len(s.standupMembers) < 3 && s.rng.Float64() < 0.4 {
		name := standupNames[s.standupSeats%len(standupNames)]
		s.standupSeats++
		var pid string
		if name == standupNames[0] {
			if tok, ok := s.selfSigned(st, name); ok {
				if r, err := s.b.join(tok, ClientInfo{BrowserName: "Mozilla Firefox", BrowserVersion: "127.0.2"}); err == nil {
					pid = r.ParticipantID
				}
			}
		} else if id, ok := s.joinNew(st, name, nil, nil); ok {
			pid = id
		}
		if pid != "" {
			_ = s.b.publish(st.arn, pid)
			for _, m := range s.standupMembers {
				_ = s.b.subscribe(st.arn, pid, m)
				_ = s.b.subscribe(st.arn, m, pid)
			}
			s.standupMembers = append(s.standupMembers, pid)
		}
	}
	if len(s.standupMembers) > 0 && s.rng.Float64() < 0.02 {
		id, i := s.pick(s.standupMembers)
		_ = s.b.leave(st.arn, id)
		s.standupMembers = slices.Delete(s.standupMembers, i, i+1)
	}
}

func (s *simulation) stepInterviews() {
	st := s.interviews
	if s.tick%interviewCycle < interviewCycle*5/6 {
		for len(s.interviewees) < 2 {
			name := []string{"interviewer-sam", "guest-ngozi"}[len(s.interviewees)]
			pid, ok := s.joinNew(st, name, nil, nil)
			if !ok {
				return
			}
			_ = s.b.publish(st.arn, pid)
			for _, m := range s.interviewees {
				_ = s.b.subscribe(st.arn, pid, m)
				_ = s.b.subscribe(st.arn, m, pid)
			}
			s.interviewees = append(s.interviewees, pid)
		}
		return
	}
	for _, id := range s.interviewees {
		_ = s.b.leave(st.arn, id)
	}
	s.interviewees = nil
}

func (s *simulation) stepStudio() {
	on := s.tick%studioCycle < studioCycle*4/5
	active := s.b.ingestActive(s.ingestKey)
	switch {
	case on && !active:
		if _, err := s.b.ingestPublish(s.ingestKey, ""); err != nil {
			s.log("ingest publish", "error", err)
		}
	case !on && active:
		_ = s.b.leave(s.studio.arn, s.ingestPID)
	}
}

func (s *simulation) stepComposition() {
	if s.tick%5 != 1 {
		return
	}
	if s.compositionARN != "" {
		c, err := s.b.GetComposition(s.compositionARN)
		if err == nil {
			if c.State != "STOPPING" && c.State != "STOPPED" {
				return
			}
		}
	}
	if len(s.hosts) == 0 {
		return
	}
	c, err := s.b.StartComposition(compositionSpec{
		stageARN: s.main.arn,
		layout:   layoutOut{Grid: &gridOut{layoutCommonOut: layoutCommonOut{GridGap: 2, FeaturedParticipantAttribute: "featured"}, VideoAspectRatio: "VIDEO"}},
		dests: []destConfigOut{{Name: "archive", S3: &s3DestOut{StorageConfigurationArn: s.storageARN, EncoderConfigurationArns: []string{s.encoderARN},
			RecordingConfiguration: &recordingConfigOut{Format: "HLS", HlsConfiguration: &hlsOut{TargetSegmentDurationSeconds: 2}}}}},
		tags: map[string]string{"env": "demo"},
	})
	if err != nil {
		s.log("start composition", "error", err)
		return
	}
	s.compositionARN = c.Arn
}

// stepErrors plays one error of each code early on, then random ones.
func (s *simulation) stepErrors() {
	var code string
	switch {
	case len(s.errorPlan) > 0 && s.tick%errorPlanEvery == 2:
		code = s.errorPlan[0]
	case len(s.errorPlan) == 0 && s.rng.Float64() < randomErrorOdds:
		code = laterErrors[s.rng.IntN(len(laterErrors))]
	default:
		return
	}
	if s.cause(code) && len(s.errorPlan) > 0 && s.errorPlan[0] == code {
		s.errorPlan = s.errorPlan[1:]
	}
}

// cause makes an error of the code happen, the natural way where the
// emulator can (a viewer publishing, a subscribe to a departed host, an RTMP
// push to an RTMPS ingest, a reused stream key), scripted otherwise. It
// reports false when the stage is not in a state to show it yet: each
// error fits the moment (a 24-hour publish for STREAM_DURATION_EXCEEDED, a
// participant publishing for a publish-side error).
func (s *simulation) cause(code string) bool {
	if code == "STREAM_DURATION_EXCEEDED" {
		for _, st := range []*simStage{s.main, s.standup, s.interviews, s.studio} {
			if s.b.cutLongStream(st.arn) {
				return true
			}
		}
		return false
	}
	m := s.main.arn
	host, _ := s.pick(s.hosts)
	viewer, _ := s.pick(s.viewers)
	switch code {
	case "INSUFFICIENT_CAPABILITIES":
		if viewer == "" {
			return false
		}
		return s.b.publish(m, viewer) != nil
	case "PUBLISHER_NOT_FOUND":
		gone, _ := s.pick(s.departed)
		if viewer == "" {
			return false
		}
		if gone == "" {
			gone = "ab12CD34ef56" // a publisher that never was
		}
		return s.b.subscribe(m, viewer, gone) != nil
	case "QUOTA_EXCEEDED":
		if viewer == "" {
			return false
		}
		return s.b.recordError(m, viewer, "SUBSCRIBE_ERROR", code, host) == nil
	case "REUSE_OF_STREAM_KEY":
		if !s.b.ingestActive(s.ingestKey) {
			return false
		}
		_, err := s.b.ingestPublish(s.ingestKey, "")
		return err != nil
	case "INVALID_PROTOCOL":
		if s.b.ingestActive(s.backupKey) {
			return false
		}
		_, err := s.b.ingestPublish(s.backupKey, "RTMP")
		return err != nil
	case "INVALID_STREAM_KEY":
		// The backup encoder's record exists in the session once it tried.
		if s.b.recordError(s.studio.arn, s.backupPID, "JOIN_ERROR", code, "") == nil {
			return true
		}
		return s.b.recordError(s.studio.arn, s.ingestPID, "JOIN_ERROR", code, "") == nil
	case "INVALID_AUDIO_CODEC", "INVALID_VIDEO_CODEC", "B_FRAME_PRESENT", "INVALID_INPUT":
		if s.b.recordError(s.studio.arn, s.ingestPID, "PUBLISH_ERROR", code, "") == nil {
			return true
		}
	}
	if host == "" || !s.b.isPublishing(m, host) {
		return false
	}
	return s.b.recordError(m, host, "PUBLISH_ERROR", code, "") == nil
}
