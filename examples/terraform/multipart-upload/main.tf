# Small files upload, large ones fail with AccessDenied: a multipart upload to an SSE-KMS bucket
# needs kms:Decrypt as well as kms:GenerateDataKey.
resource "aws_s3_bucket" "uploads" {
  bucket = "example-tf-uploads"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.uploads.arn
    }
  }
}

resource "aws_kms_key" "uploads" {
  description = "uploads bucket key"
  policy      = data.aws_iam_policy_document.uploads_key.json
}

data "aws_iam_policy_document" "uploads_key" {
  statement {
    sid       = "Enable IAM User Permissions"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}

resource "aws_iam_role_policy" "uploader" {
  role   = aws_iam_role.uploader.name
  policy = data.aws_iam_policy_document.uploader.json
}

data "aws_iam_policy_document" "uploader" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.uploads.arn}/*"]
  }

  statement {
    actions   = ["kms:GenerateDataKey"]
    resources = [aws_kms_key.uploads.arn]
  }
}

resource "aws_iam_role" "uploader" {
  name               = "uploader"
  assume_role_policy = data.aws_iam_policy_document.uploader_trust.json
}

data "aws_iam_policy_document" "uploader_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}
