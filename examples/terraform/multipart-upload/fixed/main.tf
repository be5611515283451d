# Fixed: the key policy allows the uploader role kms:Decrypt and kms:GenerateDataKey.
resource "aws_s3_bucket" "uploads_fixed" {
  bucket = "example-tf-uploads-fixed"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "uploads_fixed" {
  bucket = aws_s3_bucket.uploads_fixed.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.uploads_fixed.arn
    }
  }
}

resource "aws_kms_key" "uploads_fixed" {
  description = "uploads bucket key"
  policy      = data.aws_iam_policy_document.uploads_fixed_key.json
}

data "aws_iam_policy_document" "uploads_fixed_key" {
  statement {
    sid       = "Enable IAM User Permissions"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }

  statement {
    sid       = "AllowUploaderMultipart"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.uploader_fixed.arn]
    }
  }
}

resource "aws_iam_role_policy" "uploader_fixed" {
  role   = aws_iam_role.uploader_fixed.name
  policy = data.aws_iam_policy_document.uploader_fixed.json
}

data "aws_iam_policy_document" "uploader_fixed" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.uploads_fixed.arn}/*"]
  }

  statement {
    actions   = ["kms:GenerateDataKey"]
    resources = [aws_kms_key.uploads_fixed.arn]
  }
}

resource "aws_iam_role" "uploader_fixed" {
  name               = "uploader-fixed"
  assume_role_policy = data.aws_iam_policy_document.uploader_fixed_trust.json
}

data "aws_iam_policy_document" "uploader_fixed_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}
