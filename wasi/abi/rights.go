package abi

// Rights is the bit set of operations a file descriptor permits.
type Rights uint64

// The rights of wasi_snapshot_preview1.
const (
	RightFdDatasync Rights = 1 << iota
	RightFdRead
	RightFdSeek
	RightFdFdstatSetFlags
	RightFdSync
	RightFdTell
	RightFdWrite
	RightFdAdvise
	RightFdAllocate
	RightPathCreateDirectory
	RightPathCreateFile
	RightPathLinkSource
	RightPathLinkTarget
	RightPathOpen
	RightFdReaddir
	RightPathReadlink
	RightPathRenameSource
	RightPathRenameTarget
	RightPathFilestatGet
	RightPathFilestatSetSize
	RightPathFilestatSetTimes
	RightFdFilestatGet
	RightFdFilestatSetSize
	RightFdFilestatSetTimes
	RightPathSymlink
	RightPathRemoveDirectory
	RightPathUnlinkFile
	RightPollFdReadwrite
	RightSockShutdown
	RightSockAccept
)

// RightsAll is every right the specification defines.
const RightsAll Rights = 1<<30 - 1

// Rights a regular file may carry.
const RightsFile = RightFdDatasync | RightFdRead | RightFdSeek |
	RightFdFdstatSetFlags | RightFdSync | RightFdTell | RightFdWrite |
	RightFdAdvise | RightFdAllocate | RightFdFilestatGet |
	RightFdFilestatSetSize | RightFdFilestatSetTimes | RightPollFdReadwrite

// Rights a directory may carry itself.
const RightsDirectory = RightFdFdstatSetFlags | RightFdSync | RightFdAdvise |
	RightPathCreateDirectory | RightPathCreateFile | RightPathLinkSource |
	RightPathLinkTarget | RightPathOpen | RightFdReaddir | RightPathReadlink |
	RightPathRenameSource | RightPathRenameTarget | RightPathFilestatGet |
	RightPathFilestatSetSize | RightPathFilestatSetTimes | RightFdFilestatGet |
	RightFdFilestatSetTimes | RightPathSymlink | RightPathRemoveDirectory |
	RightPathUnlinkFile | RightPollFdReadwrite

// Rights a directory hands to what is opened beneath it.
const RightsDirectoryInheriting = RightsDirectory | RightsFile

// Rights of a character device or stream such as stdin or a pipe.
const RightsStream = RightFdRead | RightFdWrite | RightFdFdstatSetFlags |
	RightFdFilestatGet | RightPollFdReadwrite

// Rights of a socket.
const RightsSocket = RightFdRead | RightFdWrite | RightFdFdstatSetFlags |
	RightFdFilestatGet | RightPollFdReadwrite | RightSockShutdown | RightSockAccept

// Has reports whether r includes every right in want.
func (r Rights) Has(want Rights) bool { return r&want == want }
