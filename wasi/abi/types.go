package abi

// Filetype is the type of a file descriptor or file.
type Filetype uint8

const (
	FiletypeUnknown Filetype = iota
	FiletypeBlockDevice
	FiletypeCharacterDevice
	FiletypeDirectory
	FiletypeRegularFile
	FiletypeSocketDgram
	FiletypeSocketStream
	FiletypeSymbolicLink
)

// Fdflags are the flags of a file descriptor.
type Fdflags uint16

const (
	FdflagAppend Fdflags = 1 << iota
	FdflagDsync
	FdflagNonblock
	FdflagRsync
	FdflagSync
)

// Oflags are the open flags of path_open.
type Oflags uint16

const (
	OflagCreat Oflags = 1 << iota
	OflagDirectory
	OflagExcl
	OflagTrunc
)

// Lookupflags direct how a path is resolved.
type Lookupflags uint32

const LookupflagSymlinkFollow Lookupflags = 1

// Fstflags select which timestamps fd_filestat_set_times and
// path_filestat_set_times change.
type Fstflags uint16

const (
	FstflagAtim Fstflags = 1 << iota
	FstflagAtimNow
	FstflagMtim
	FstflagMtimNow
)

// Whence is the origin of fd_seek.
type Whence uint8

const (
	WhenceSet Whence = iota
	WhenceCur
	WhenceEnd
)

// Advice is the hint of fd_advise.
type Advice uint8

const (
	AdviceNormal Advice = iota
	AdviceSequential
	AdviceRandom
	AdviceWillneed
	AdviceDontneed
	AdviceNoreuse
)

// Clockid names a clock.
type Clockid uint32

const (
	ClockRealtime Clockid = iota
	ClockMonotonic
	ClockProcessCputimeID
	ClockThreadCputimeID
)

// Eventtype is the kind of a subscription and its event.
type Eventtype uint8

const (
	EventtypeClock Eventtype = iota
	EventtypeFdRead
	EventtypeFdWrite
)

// Subclockflags: SubscriptionClockAbstime makes a clock subscription's
// timeout an absolute time on its clock rather than relative to now.
const SubscriptionClockAbstime uint16 = 1

// Eventrwflags: EventFdReadwriteHangup reports the peer hung up.
const EventFdReadwriteHangup uint16 = 1

// Preopentype: the only one is a directory.
const PreopentypeDir uint8 = 0

// Riflags and roflags of sock_recv; sdflags of sock_shutdown.
const (
	RiflagRecvPeek          uint16 = 1
	RiflagRecvWaitall       uint16 = 2
	RoflagRecvDataTruncated uint16 = 1
	SdflagRd                uint8  = 1
	SdflagWr                uint8  = 2
)

// Signal numbers of proc_raise, as the specification numbers them.
const (
	SigNone = iota
	SigHup
	SigInt
	SigQuit
	SigIll
	SigTrap
	SigAbrt
	SigBus
	SigFpe
	SigKill
	SigUsr1
	SigSegv
	SigUsr2
	SigPipe
	SigAlrm
	SigTerm
	SigChld
	SigCont
	SigStop
	SigTstp
	SigTtin
	SigTtou
	SigUrg
	SigXcpu
	SigXfsz
	SigVtalrm
	SigProf
	SigWinch
	SigPoll
	SigPwr
	SigSys
)

var filetypeNames = [...]string{"unknown", "block_device", "character_device", "directory", "regular_file", "socket_dgram", "socket_stream", "symbolic_link"}

func (t Filetype) String() string {
	if int(t) < len(filetypeNames) {
		return filetypeNames[t]
	}
	return "unknown"
}
