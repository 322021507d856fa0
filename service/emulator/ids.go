package emulator

import (
	"strings"
)

const (
	alphaNum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	hexDigit = "0123456789abcdef"
)

// The generators below draw from the backend's seeded source, so a seeded
// emulator (--simulate --seed) hands out the same ids run after run. They
// must be called with b.mu held.

func (b *backend) randString(n int, alphabet string) string {
	var sb strings.Builder
	sb.Grow(n)
	for range n {
		sb.WriteByte(alphabet[b.rng.IntN(len(alphabet))])
	}
	return sb.String()
}

// newID returns a fresh 12-character resource id, as IVS uses for stages,
// compositions, configurations, public keys and participants.
func (b *backend) newID() string {
	for {
		id := b.randString(12, alphaNum)
		if !b.usedIDs[id] {
			b.usedIDs[id] = true
			return id
		}
	}
}

// newSessionID returns "st-" and 13 characters, the form of IVS session ids.
func (b *backend) newSessionID() string {
	for {
		id := "st-" + b.randString(13, alphaNum)
		if !b.usedIDs[id] {
			b.usedIDs[id] = true
			return id
		}
	}
}

func (b *backend) arn(kind, id string) string {
	return "arn:aws:ivs:" + b.region + ":" + b.account + ":" + kind + "/" + id
}

// stageEndpoints are the per-stage URLs IVS hands out; the host label is a
// 12-hex-digit value fixed at stage creation.
func stageEndpoints(host string) endpointsOut {
	return endpointsOut{
		Events: "wss://global.events.live-video.net",
		Whip:   "https://" + host + ".global-bm.whip.live-video.net",
		Rtmp:   "rtmp://" + host + ".global-contribute.live-video.net/app/",
		Rtmps:  "rtmps://" + host + ".global-contribute.live-video.net:443/app/",
	}
}

// newStreamKey follows the model's StreamKey pattern
// rt_<account>_<region>_<ingest id>_<secret>.
func (b *backend) newStreamKey(ingestID string) string {
	return "rt_" + b.account + "_" + b.region + "_" + ingestID + "_" + b.randString(44, alphaNum)
}

// lockedNewID is newID for callers that do not hold the lock.
func (b *backend) lockedNewID() string {
	b.lock()
	defer b.unlock()
	return b.newID()
}
