package ivs

// The API's enumerations that requests are checked against, in the
// spelling the API uses.
// https://docs.aws.amazon.com/ivs/latest/RealTimeAPIReference/API_Types.html
var (
	ParticipantStates          = []string{"CONNECTED", "DISCONNECTED"}
	ParticipantRecordingStates = []string{"STARTING", "ACTIVE", "STOPPING", "STOPPED", "FAILED"} // ListParticipants' filterByRecordingState
	RecordingMediaTypes        = []string{"AUDIO_VIDEO", "AUDIO_ONLY", "NONE"}
	RecordingFormats           = []string{"HLS"}
	ThumbnailModes             = []string{"INTERVAL", "DISABLED"}
	ThumbnailStorages          = []string{"SEQUENTIAL", "LATEST"}
	IngestProtocols            = []string{"RTMP", "RTMPS"}
	IngestStates               = []string{"ACTIVE", "INACTIVE"}
	VideoAspectRatios          = []string{"AUTO", "VIDEO", "SQUARE", "PORTRAIT"}
	VideoFillModes             = []string{"FILL", "COVER", "CONTAIN"}
	PipBehaviors               = []string{"STATIC", "DYNAMIC"}
	PipPositions               = []string{"TOP_LEFT", "TOP_RIGHT", "BOTTOM_LEFT", "BOTTOM_RIGHT"}
)
