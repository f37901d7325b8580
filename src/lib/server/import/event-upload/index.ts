// The upload of signing-event exports on /ky-so/nhap, step by step: receive (stage the file on
// disk), preview (encoding, mapping, first rows with their errors), run (import in the background,
// progress), runs (history, rejected rows) and the rejected-rows workbook.
export { MAX_EVENT_UPLOAD_BYTES, receiveEventUpload, uploadLimit } from './receive';
export { loadStaged, discardStaged, stagingDir, type StagedUpload } from './staging';
export { readSettings, columnFieldName, type ImportSettings } from './settings';
export { previewUpload, type UploadPreview, type PreviewRow } from './preview';
export { startUploadImport, uploadProgress, type UploadProgress } from './run';
export {
	listImportRuns,
	getImportRun,
	firstRejectedRows,
	type ImportRunView,
	type RejectedRow,
	type RunViewer
} from './runs';
export { rejectedWorkbookName, rejectedWorkbookStream, writeRejectedWorkbook } from './rejected-workbook';
