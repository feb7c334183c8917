"""Seed the two official indicator frames (domain.md) and the seed region's adoption.

The data is copied here as it was when this migration was written, so that later changes to
`indicators/frames.py` cannot change what a fresh database gets from this step.
"""

from django.db import migrations

OFFICIAL_FRAMES = [('classic',
  '传统指标体系（成本指标列在产出指标下）',
  {'产出指标': ['数量指标', '质量指标', '时效指标', '成本指标'],
   '效益指标': ['经济效益指标', '社会效益指标', '生态效益指标', '可持续影响指标'],
   '满意度指标': ['服务对象满意度指标']},
  True),
 ('caiyu-2021-101',
  '财预〔2021〕101号指标体系（成本指标为一级指标）',
  {'产出指标': ['数量指标', '质量指标', '时效指标'],
   '成本指标': ['经济成本指标', '社会成本指标', '生态环境成本指标'],
   '效益指标': ['经济效益指标', '社会效益指标', '生态效益指标', '可持续影响指标'],
   '满意度指标': ['服务对象满意度指标']},
  False)]
OFFICIAL_ADOPTIONS = [('130225', 2023, 'classic')]


def seed(apps, schema_editor):
    frame_model = apps.get_model("indicators", "IndicatorFrame")
    level1_model = apps.get_model("indicators", "FrameLevel1")
    level2_model = apps.get_model("indicators", "FrameLevel2")
    adoption_model = apps.get_model("indicators", "FrameAdoption")
    for code, name, tree, is_default in OFFICIAL_FRAMES:
        frame, _ = frame_model.objects.get_or_create(
            code=code, defaults={"name": name, "is_default": is_default}
        )
        for order1, (level1_name, level2_names) in enumerate(tree.items(), start=1):
            level1, _ = level1_model.objects.get_or_create(
                frame=frame, name=level1_name, defaults={"order": order1}
            )
            for order2, level2_name in enumerate(level2_names, start=1):
                level2_model.objects.get_or_create(
                    level1=level1, name=level2_name, defaults={"order": order2}
                )
    for region_code, year, frame_code in OFFICIAL_ADOPTIONS:
        adoption_model.objects.get_or_create(
            region_code=region_code,
            fiscal_year=year,
            defaults={"frame": frame_model.objects.get(code=frame_code)},
        )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
