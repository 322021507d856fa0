package emulator

import (
	"fmt"
	"time"
)

// stage is a stage and everything that lives inside it: its sessions (with
// their participants and events) and the replications out of it.
type stage struct {
	meta
	tagged
	name string
	host string // the 12-hex label of its WHIP/RTMP endpoints
	rec  autoRecOut

	sessions     collection[*session]
	active       *session
	emptySince   time.Time       // when it last had nobody connected (compositions idle out)
	revoked      map[string]bool // participant ids DisconnectParticipant revoked
	replications collection[*replication]
}

func (s *stage) recording() bool { return s.rec.StorageConfigurationArn != "" }

type endpointsOut struct {
	Events string `json:"events"`
	Whip   string `json:"whip"`
	Rtmp   string `json:"rtmp"`
	Rtmps  string `json:"rtmps"`
}

type autoRecOut struct {
	StorageConfigurationArn         string               `json:"storageConfigurationArn"`
	MediaTypes                      []string             `json:"mediaTypes"`
	ThumbnailConfiguration          *participantThumbOut `json:"thumbnailConfiguration,omitempty"`
	RecordingReconnectWindowSeconds int32                `json:"recordingReconnectWindowSeconds"`
	HlsConfiguration                *hlsOut              `json:"hlsConfiguration,omitempty"`
	RecordParticipantReplicas       bool                 `json:"recordParticipantReplicas"`
}

type participantThumbOut struct {
	TargetIntervalSeconds int32    `json:"targetIntervalSeconds"`
	Storage               []string `json:"storage"`
	RecordingMode         string   `json:"recordingMode"`
}

type hlsOut struct {
	TargetSegmentDurationSeconds int32 `json:"targetSegmentDurationSeconds"`
}

type stageOut struct {
	Arn                                   string            `json:"arn"`
	Name                                  string            `json:"name,omitempty"`
	ActiveSessionID                       string            `json:"activeSessionId,omitempty"`
	Tags                                  map[string]string `json:"tags"`
	AutoParticipantRecordingConfiguration *autoRecOut       `json:"autoParticipantRecordingConfiguration,omitempty"`
	Endpoints                             *endpointsOut     `json:"endpoints,omitempty"`
}

type stageSummaryOut struct {
	Arn             string            `json:"arn"`
	Name            string            `json:"name,omitempty"`
	ActiveSessionID string            `json:"activeSessionId,omitempty"`
	Tags            map[string]string `json:"tags"`
}

type autoRecIn struct {
	StorageConfigurationArn *string  `json:"storageConfigurationArn"`
	MediaTypes              []string `json:"mediaTypes"`
	ThumbnailConfiguration  *struct {
		TargetIntervalSeconds *int32   `json:"targetIntervalSeconds"`
		Storage               []string `json:"storage"`
		RecordingMode         *string  `json:"recordingMode"`
	} `json:"thumbnailConfiguration"`
	RecordingReconnectWindowSeconds *int32 `json:"recordingReconnectWindowSeconds"`
	HlsConfiguration                *struct {
		TargetSegmentDurationSeconds *int32 `json:"targetSegmentDurationSeconds"`
	} `json:"hlsConfiguration"`
	RecordParticipantReplicas *bool `json:"recordParticipantReplicas"`
}

type tokenConfigIn struct {
	Duration     *int32            `json:"duration"`
	UserID       *string           `json:"userId"`
	Attributes   map[string]string `json:"attributes"`
	Capabilities []string          `json:"capabilities"`
}

type createStageIn struct {
	Name                                  *string           `json:"name"`
	Tags                                  map[string]string `json:"tags"`
	ParticipantTokenConfigurations        []tokenConfigIn   `json:"participantTokenConfigurations"`
	AutoParticipantRecordingConfiguration *autoRecIn        `json:"autoParticipantRecordingConfiguration"`
}

type createStageOut struct {
	Stage             stageOut              `json:"stage"`
	ParticipantTokens []participantTokenOut `json:"participantTokens"`
}

type updateStageIn struct {
	Arn                                   *string    `json:"arn"`
	Name                                  *string    `json:"name"`
	AutoParticipantRecordingConfiguration *autoRecIn `json:"autoParticipantRecordingConfiguration"`
}

type stageResultOut struct {
	Stage stageOut `json:"stage"`
}

type listStagesOut struct {
	Stages    []stageSummaryOut `json:"stages"`
	NextToken string            `json:"nextToken,omitempty"`
}

// defaultAutoRec is the configuration a stage reports when individual
// participant recording is off, and what "" resets it to.
func defaultAutoRec() autoRecOut {
	return autoRecOut{
		StorageConfigurationArn:   "",
		MediaTypes:                []string{"AUDIO_VIDEO"},
		ThumbnailConfiguration:    &participantThumbOut{TargetIntervalSeconds: 60, Storage: []string{"SEQUENTIAL"}, RecordingMode: "DISABLED"},
		HlsConfiguration:          &hlsOut{TargetSegmentDurationSeconds: 6},
		RecordParticipantReplicas: true,
	}
}

// checkAutoRec validates an autoParticipantRecordingConfiguration and
// returns it with defaults filled in. The storage configuration's existence
// is checked later (a 404, after all 400s).
func (b *backend) checkAutoRec(v *validator, in *autoRecIn) autoRecOut {
	const f = "autoParticipantRecordingConfiguration"
	out := defaultAutoRec()
	if !v.required(f+".storageConfigurationArn", in.StorageConfigurationArn != nil) {
		return out
	}
	if *in.StorageConfigurationArn == "" {
		return out // "" turns recording off and resets everything else
	}
	v.arn(f+".storageConfigurationArn", *in.StorageConfigurationArn, kindStorage)
	out.StorageConfigurationArn = *in.StorageConfigurationArn
	if in.MediaTypes != nil {
		v.enumList(f+".mediaTypes", in.MediaTypes, 1, mediaTypes...)
		out.MediaTypes = in.MediaTypes
	}
	if t := in.ThumbnailConfiguration; t != nil {
		if t.RecordingMode != nil {
			v.enum(f+".thumbnailConfiguration.recordingMode", *t.RecordingMode, thumbnailModes...)
			out.ThumbnailConfiguration.RecordingMode = *t.RecordingMode
		}
		if t.Storage != nil {
			v.enumList(f+".thumbnailConfiguration.storage", t.Storage, 2, thumbnailStorages...)
			out.ThumbnailConfiguration.Storage = t.Storage
		}
		if t.TargetIntervalSeconds != nil {
			v.intRange(f+".thumbnailConfiguration.targetIntervalSeconds", int64(*t.TargetIntervalSeconds), 1, 86400)
			out.ThumbnailConfiguration.TargetIntervalSeconds = *t.TargetIntervalSeconds
		}
	}
	if in.RecordingReconnectWindowSeconds != nil {
		v.intRange(f+".recordingReconnectWindowSeconds", int64(*in.RecordingReconnectWindowSeconds), 0, 300)
		out.RecordingReconnectWindowSeconds = *in.RecordingReconnectWindowSeconds
	}
	if h := in.HlsConfiguration; h != nil && h.TargetSegmentDurationSeconds != nil {
		v.intRange(f+".hlsConfiguration.targetSegmentDurationSeconds", int64(*h.TargetSegmentDurationSeconds), 2, 10)
		out.HlsConfiguration.TargetSegmentDurationSeconds = *h.TargetSegmentDurationSeconds
	}
	if in.RecordParticipantReplicas != nil {
		out.RecordParticipantReplicas = *in.RecordParticipantReplicas
	}
	return out
}

// checkTokenFields validates the members a token request shares with a
// participantTokenConfiguration.
func checkTokenFields(v *validator, prefix string, userID *string, attrs map[string]string, caps []string, duration *int32) {
	if userID != nil {
		v.str(join(prefix, "userId"), *userID, 0, 128, nil)
	}
	v.attributes(join(prefix, "attributes"), attrs)
	if caps != nil {
		v.enumList(join(prefix, "capabilities"), caps, 2, capabilities...)
	}
	v.optInt(join(prefix, "duration"), duration, 1, maxTokenMinutes)
}

func (b *backend) stageOut(s *stage) stageOut {
	rec := s.rec
	ep := stageEndpoints(s.host)
	out := stageOut{
		Arn:                                   s.arn,
		Name:                                  s.name,
		Tags:                                  tagsOut(s.tags),
		AutoParticipantRecordingConfiguration: &rec,
		Endpoints:                             &ep,
	}
	if s.active != nil {
		out.ActiveSessionID = s.active.id
	}
	return out
}

// findStorageFor checks that the storage configuration a recording
// configuration names exists.
func (b *backend) findStorageFor(rec autoRecOut) error {
	if rec.StorageConfigurationArn == "" {
		return nil
	}
	v := b.validator()
	id := v.arn("storageConfigurationArn", rec.StorageConfigurationArn, kindStorage)
	if _, ok := b.storages.get(id); !ok {
		return notFound(rec.StorageConfigurationArn)
	}
	return nil
}

func (b *backend) CreateStage(in *createStageIn) (any, error) {
	now := b.lock()
	defer b.unlock()
	v := b.validator()
	v.name("name", in.Name)
	v.tags("tags", in.Tags)
	if v.listLen("participantTokenConfigurations", len(in.ParticipantTokenConfigurations), 0, maxTokenConfigs) {
		for i, c := range in.ParticipantTokenConfigurations {
			checkTokenFields(v, fmt.Sprintf("participantTokenConfigurations.%d.member", i+1), c.UserID, c.Attributes, c.Capabilities, c.Duration)
		}
	}
	rec := defaultAutoRec()
	if in.AutoParticipantRecordingConfiguration != nil {
		rec = b.checkAutoRec(v, in.AutoParticipantRecordingConfiguration)
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	if err := b.findStorageFor(rec); err != nil {
		// CreateStage declares no ResourceNotFoundException in the model.
		return nil, validationError("1 validation error detected: Value '%s' at 'autoParticipantRecordingConfiguration.storageConfigurationArn' failed to satisfy constraint: Member must be the ARN of an existing storage configuration", rec.StorageConfigurationArn)
	}
	if b.stages.len() >= maxStages {
		return nil, quotaExceeded("Stages per region quota of %d exceeded; delete stages or request a quota increase", maxStages)
	}
	st := b.newStage(deref(in.Name), in.Tags, rec, now)
	out := createStageOut{Stage: b.stageOut(st), ParticipantTokens: []participantTokenOut{}}
	for _, c := range in.ParticipantTokenConfigurations {
		tok, err := b.mintToken(st, c.UserID, c.Attributes, c.Capabilities, c.Duration, now)
		if err != nil {
			return nil, err
		}
		out.ParticipantTokens = append(out.ParticipantTokens, tok)
	}
	return out, nil
}

// newStage creates a stage; the simulation uses it directly.
func (b *backend) newStage(name string, tags map[string]string, rec autoRecOut, now time.Time) *stage {
	id := b.newID()
	st := &stage{
		meta:         meta{id: id, seq: b.nextSeq()},
		tagged:       tagged{arn: b.arn(kindStage, id), tags: cloneMap(tags)},
		name:         name,
		host:         b.randString(12, hexDigit),
		rec:          rec,
		sessions:     newCollection[*session](),
		emptySince:   now,
		revoked:      map[string]bool{},
		replications: newCollection[*replication](),
	}
	b.stages.add(st)
	return st
}

func (b *backend) GetStage(in *arnIn) (any, error) {
	b.lock()
	defer b.unlock()
	st, err := lookup(b.validator(), &b.stages, "arn", in.Arn, kindStage)
	if err != nil {
		return nil, err
	}
	return stageResultOut{Stage: b.stageOut(st)}, nil
}

func (b *backend) ListStages(in *listIn) (any, error) {
	b.lock()
	defer b.unlock()
	v := b.validator()
	limit := v.maxResults(in.MaxResults, 50, maxPageSize)
	sc := scope("ListStages")
	after := b.pager.cursor(v, sc, in.NextToken)
	if err := v.err(); err != nil {
		return nil, err
	}
	page, next := listPage(&b.pager, sc, b.stages.order, after, limit, nil)
	out := listStagesOut{Stages: make([]stageSummaryOut, 0, len(page)), NextToken: next}
	for _, st := range page {
		s := stageSummaryOut{Arn: st.arn, Name: st.name, Tags: tagsOut(st.tags)}
		if st.active != nil {
			s.ActiveSessionID = st.active.id
		}
		out.Stages = append(out.Stages, s)
	}
	return out, nil
}

func (b *backend) UpdateStage(in *updateStageIn) (any, error) {
	now := b.lock()
	defer b.unlock()
	v := b.validator()
	v.name("name", in.Name)
	var rec autoRecOut
	if in.AutoParticipantRecordingConfiguration != nil {
		rec = b.checkAutoRec(v, in.AutoParticipantRecordingConfiguration)
	}
	st, err := lookup(v, &b.stages, "arn", in.Arn, kindStage)
	if err != nil {
		return nil, err
	}
	if in.AutoParticipantRecordingConfiguration != nil {
		if err := b.findStorageFor(rec); err != nil {
			return nil, err
		}
		if b.recordingActive(st, now) {
			return nil, conflict("Stage %s has participants being recorded; autoParticipantRecordingConfiguration cannot be updated while recording is active", st.arn)
		}
		st.rec = rec
	}
	if in.Name != nil {
		st.name = *in.Name
	}
	return stageResultOut{Stage: b.stageOut(st)}, nil
}

// recordingActive reports whether any participant of the live session is
// being recorded now.
func (b *backend) recordingActive(st *stage, now time.Time) bool {
	if st.active == nil {
		return false
	}
	for _, p := range st.active.participants.order {
		switch b.recState(p, now) {
		case "STARTING", "ACTIVE":
			return true
		}
	}
	return false
}

func (b *backend) DeleteStage(in *arnIn) (any, error) {
	now := b.lock()
	defer b.unlock()
	st, err := lookup(b.validator(), &b.stages, "arn", in.Arn, kindStage)
	if err != nil {
		return nil, err
	}
	b.deleteStage(st, now)
	return emptyOut{}, nil
}

// deleteStage shuts a stage down the way IVS does: everyone is disconnected
// (with their stop and LEFT events), the session ends, compositions of the
// stage stop, replications into and out of it stop, and ingest
// configurations pointing at it lose their stageArn.
func (b *backend) deleteStage(st *stage, now time.Time) {
	if sess := st.active; sess != nil {
		for _, p := range sess.participants.order {
			if p.connected() {
				b.disconnect(st, sess, p, now, true)
			}
		}
	}
	// Replicas of this stage's publishers were stopped above; replicas of
	// other stages' publishers living here are stopped by their disconnect.
	for _, c := range b.compositions.order {
		if c.stageID == st.id {
			b.beginStopping(c, now)
		}
	}
	for _, ing := range b.ingests.order {
		if ing.stageARN == st.arn {
			ing.stageARN = ""
			ing.state = "INACTIVE"
		}
	}
	b.stages.remove(st.id)
}
