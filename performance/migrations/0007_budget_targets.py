# A 预算's indicators are targets: no 实际完成值, and 分值 optional (a 决算's
# indicators still need both: Indicator.clean and rule N9-3).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('performance', '0006_exact_amounts'),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalindicator',
            name='actual_text',
            field=models.CharField(blank=True, help_text='按自评表原样填写，例如 2次、99.35%、达成；预算的绩效目标不填。', max_length=100, verbose_name='实际完成值'),
        ),
        migrations.AlterField(
            model_name='historicalindicator',
            name='weight',
            field=models.DecimalField(blank=True, decimal_places=2, help_text='决算自评表必填；预算的绩效目标可不填。', max_digits=5, null=True, verbose_name='分值'),
        ),
        migrations.AlterField(
            model_name='indicator',
            name='actual_text',
            field=models.CharField(blank=True, help_text='按自评表原样填写，例如 2次、99.35%、达成；预算的绩效目标不填。', max_length=100, verbose_name='实际完成值'),
        ),
        migrations.AlterField(
            model_name='indicator',
            name='weight',
            field=models.DecimalField(blank=True, decimal_places=2, help_text='决算自评表必填；预算的绩效目标可不填。', max_digits=5, null=True, verbose_name='分值'),
        ),
    ]
